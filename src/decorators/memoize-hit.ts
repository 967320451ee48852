import type { Cache } from '../cache.js';
import type { InProcessRead } from '../in-process-read.js';
import type { MemoizeKeyParts, MemoizeKeySpec } from '../keys/memoize-key.js';
import { emitOutcome } from './call-path.js';
import type { MemoizeOptions } from './options.js';
import { callMemoized } from './memoize-call.js';
import { cacheOf, memoizeKeyPartsOf, type DecoratedState } from './state.js';

const UNANSWERED: unique symbol = Symbol('decocache.unanswered');

/** Whether calls of a memoized function may be answered in place: no option needs a callback first. */
export function answersInProcess(options: MemoizeOptions): boolean {
  return !options.unless && !options.forcedUpdate && !options.isStale;
}

/**
 * A memoized call that first tries to answer from an in-process backend synchronously: versions
 * and entry are read in place, with no promise between the call and the value. Anything else (a
 * miss, a remote backend, a value that cannot be decoded) goes on to the full path with the key
 * parts already built; it reports errors the usual way.
 */
export function callInProcessFirst(state: DecoratedState<MemoizeOptions>, spec: MemoizeKeySpec, self: unknown, args: unknown[]): Promise<unknown> {
  const cache = cacheOf(state);
  const read = cache.internals.read;
  if (read === undefined) return callMemoized(state, spec, self, args);
  let parts: MemoizeKeyParts;
  try {
    parts = memoizeKeyPartsOf(cache, state, spec, self, args);
  } catch (error) {
    return Promise.reject(error);
  }
  const value = readInPlace(read, cache, state, parts);
  return value === UNANSWERED ? callMemoized(state, spec, self, args, parts) : Promise.resolve(value);
}

function readInPlace(read: InProcessRead, cache: Cache, state: DecoratedState<MemoizeOptions>, parts: MemoizeKeyParts): unknown {
  try {
    const now = Date.now();
    // Every memoized call has a function version and, for instance methods, an instance version.
    const instanceKey = parts.versionKeys[1];
    const version = read(parts.versionKeys[0]!, now);
    if (typeof version !== 'string') return UNANSWERED;
    const instanceVersion = instanceKey === undefined ? '' : read(instanceKey, now);
    if (typeof instanceVersion !== 'string') return UNANSWERED;
    const key = entryKey(parts, version, instanceVersion);
    const value = read(key, now);
    if (value === undefined || value === null) return UNANSWERED;
    emitOutcome(cache, true, state, key);
    return value;
  } catch {
    return UNANSWERED;
  }
}

/** `hash + versions`, reusing the string built last time for the same versions (a flat, hashed Map key). */
function entryKey(parts: MemoizeKeyParts, version: string, instanceVersion: string): string {
  const remembered = parts.remembered;
  if (remembered === undefined) return parts.hash + version + instanceVersion;
  if (remembered.key === undefined || remembered.version !== version || remembered.instanceVersion !== instanceVersion) {
    remembered.version = version;
    remembered.instanceVersion = instanceVersion;
    remembered.key = parts.hash + version + instanceVersion;
  }
  return remembered.key;
}
