import type { Cache } from '../cache.js';
import type { MemoizeKeyParts, MemoizeKeySpec } from '../keys/memoize-key.js';
import { callOriginal, emitOutcome, isTrue, shouldStore, singleFlight } from './call-path.js';
import type { MemoizeOptions } from './options.js';
import { cacheOf, memoizeKeyPartsOf, type DecoratedState } from './state.js';
import { readEntry, readVersions, storeEntry, type EntryRead } from './versions.js';

/**
 * One memoized call: `unless` → key → `forcedUpdate` → read (versions and entry) → `isStale` →
 * compute and store. Backend errors and timeouts anywhere in the read are reported and the
 * function runs uncached (fail-open); a failed store is reported and the result returned.
 * Without `unless` and `forcedUpdate` nothing is awaited before the read, so the call is not an
 * async function: the promise of the read is handed back without another layer around it.
 * `built` are the key parts when the caller built them already (the in-place read of a miss).
 */
export function callMemoized(
  state: DecoratedState<MemoizeOptions>,
  spec: MemoizeKeySpec,
  self: unknown,
  args: unknown[],
  built?: MemoizeKeyParts,
): Promise<unknown> {
  const options = state.options;
  if (options.unless || options.forcedUpdate) return callChecked(state, spec, self, args);
  const cache = cacheOf(state);
  let parts: MemoizeKeyParts;
  try {
    parts = keyParts(cache, state, spec, self, args, built);
  } catch (error) {
    return Promise.reject(error);
  }
  return singleFlight(cache, parts.fname, parts.hash, true, () => resolve(state, cache, self, args, parts.hash, parts.versionKeys, false));
}

/** The call path with the `unless` and `forcedUpdate` callbacks, which may be async. */
async function callChecked(state: DecoratedState<MemoizeOptions>, spec: MemoizeKeySpec, self: unknown, args: unknown[]): Promise<unknown> {
  const options = state.options;
  const cache = cacheOf(state);
  if (options.unless && (await isTrue(options.unless, self, args))) return callOriginal(state, self, args);
  const parts = keyParts(cache, state, spec, self, args);
  let forced = false;
  try {
    if (options.forcedUpdate) forced = await isTrue(options.forcedUpdate, self, args);
  } catch (error) {
    cache.reportError(error, { kind: 'memoize', fn: state.original as never });
    return callOriginal(state, self, args);
  }
  return singleFlight(cache, parts.fname, parts.hash, !forced, () => resolve(state, cache, self, args, parts.hash, parts.versionKeys, forced));
}

/** The key parts of a call (`built` when the caller has them already), warning once about process-local identities. */
function keyParts(cache: Cache, state: DecoratedState<MemoizeOptions>, spec: MemoizeKeySpec, self: unknown, args: unknown[], built?: MemoizeKeyParts): MemoizeKeyParts {
  const parts = built ?? memoizeKeyPartsOf(cache, state, spec, self, args);
  if (parts.localIdentity && cache.shared) warnLocalIdentity(cache, parts.fname);
  return parts;
}

async function resolve(
  state: DecoratedState<MemoizeOptions>,
  cache: Cache,
  self: unknown,
  args: unknown[],
  hash: string,
  versionKeys: readonly string[],
  forced: boolean,
): Promise<unknown> {
  const options = state.options;
  // One operationTimeout for all the backend calls of this call, however many follow each other.
  const deadline = cache.callDeadline();
  let read: EntryRead;
  try {
    if (forced) {
      const versions = await deadline.bound(readVersions(cache, versionKeys, state.timeout));
      read = { key: hash + versions.map((v) => v.value).join(''), versions, found: false, value: undefined };
    } else {
      read = await deadline.bound(readEntry(cache, hash, versionKeys, options.cacheNone === true, state.timeout));
      if (read.found && options.isStale && (await isTrue(options.isStale, self, [read.value, ...args]))) read.found = false;
    }
  } catch (error) {
    cache.reportError(error, { kind: 'memoize', fn: state.original as never });
    return callOriginal(state, self, args);
  }
  emitOutcome(cache, read.found, state, read.key);
  if (read.found) return read.value;
  const result = await deadline.outside(() => callOriginal(state, self, args));
  if (await shouldStore(options, self, result)) {
    try {
      await deadline.bound(storeEntry(cache, read.key, result, read.versions, state.timeout));
    } catch (error) {
      cache.reportError(error, { kind: 'memoize', key: read.key, fn: state.original as never });
    }
  }
  return result;
}

function warnLocalIdentity(cache: Cache, fname: string): void {
  if (cache.internals.warnedIdentity.has(fname)) return;
  cache.internals.warnedIdentity.add(fname);
  cache.logger.warn(
    `decocache: ${fname} is memoized per instance on a shared backend, but its class has no [cacheIdentity]() method, ` +
      'so entries are private to this process; define [cacheIdentity]() to share them',
  );
}
