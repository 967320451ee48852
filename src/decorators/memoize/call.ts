import type { MemoizeKeyParts } from '../../keys/memoize-key.js';
import { callOriginal, isTrue, shouldStore } from '../callbacks.js';
import { hostOf, type MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { emitOutcome, reportFailure } from '../outcome.js';
import { singleFlight } from '../single-flight.js';
import { readForUpdate, readInPlace, readRoundTrip, storeEntry, UNANSWERED, type EntryRead } from './entry.js';
import { keyParts } from './key.js';

/**
 * One memoized call, top to bottom: key → in-place read (a hit on an in-process backend is
 * answered here, synchronously) → single-flight → round-trip read → compute → store. Backend
 * errors and timeouts in the read are reported and the function runs uncached (fail-open); a
 * failed store is reported and the result returned. Without `unless` and `forcedUpdate` nothing
 * is awaited before the read, so this is not an async function and a hit adds no promise layer.
 */
export function callMemoized(state: MemoizedState, self: unknown, args: unknown[]): Promise<unknown> {
  if (state.options.unless || state.options.forcedUpdate) return callWithChecks(state, self, args);
  const host = hostOf(state);
  let parts: MemoizeKeyParts;
  try {
    parts = keyParts(host, state, self, args);
  } catch (error) {
    return Promise.reject(error);
  }
  if (state.inPlace && host.inPlaceRead !== undefined) {
    const value = readInPlace(host.inPlaceRead, parts, host, state);
    if (value !== UNANSWERED) return Promise.resolve(value);
  }
  return singleFlight(host, parts.fname, parts.hash, true, () => readOrCompute(state, host, self, args, parts, false));
}

/** The call with the `unless` and `forcedUpdate` callbacks, which may be async. */
async function callWithChecks(state: MemoizedState, self: unknown, args: unknown[]): Promise<unknown> {
  const { options } = state;
  const host = hostOf(state);
  if (options.unless && (await isTrue(options.unless, self, args))) return callOriginal(state, self, args);
  const parts = keyParts(host, state, self, args);
  let forced = false;
  try {
    forced = await isTrue(options.forcedUpdate, self, args);
  } catch (error) {
    reportFailure(host, state, error);
    return callOriginal(state, self, args);
  }
  return singleFlight(host, parts.fname, parts.hash, !forced, () => readOrCompute(state, host, self, args, parts, forced));
}

/** Reads the entry (unless forced), then on a miss computes and stores the result. */
async function readOrCompute(state: MemoizedState, host: DecoratorHost, self: unknown, args: unknown[], parts: MemoizeKeyParts, forced: boolean): Promise<unknown> {
  const { options } = state;
  let read: EntryRead;
  try {
    if (forced) read = await readForUpdate(host, parts, state.timeout);
    else {
      read = await readRoundTrip(host, parts, options.cacheNone === true, state.timeout);
      if (read.found && options.isStale && (await isTrue(options.isStale, self, [read.value, ...args]))) read.found = false;
    }
  } catch (error) {
    reportFailure(host, state, error);
    return callOriginal(state, self, args);
  }
  emitOutcome(host, read.found, state, read.key);
  if (read.found) return read.value;
  const result = await callOriginal(state, self, args);
  if (await shouldStore(options, self, result)) {
    try {
      await storeEntry(host, read, result, state.timeout);
    } catch (error) {
      reportFailure(host, state, error, read.key);
    }
  }
  return result;
}
