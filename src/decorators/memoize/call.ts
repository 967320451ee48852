import type { CallDeadline } from '../../call-deadline.js';
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
 * answered here, synchronously) → round-trip read → on a miss, one computation per key in this
 * process (single-flight) that stores its result. Backend errors and timeouts in the read are
 * reported and the function runs uncached (fail-open); a failed store is reported and the result
 * returned. Without `unless` and `forcedUpdate` nothing is awaited before the read, so this is
 * not an async function and an in-place hit adds no promise layer.
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
  return readOrCompute(state, host, self, args, parts);
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
  if (!forced) return readOrCompute(state, host, self, args, parts);
  // A forced update never joins a computation in progress, but later calls may join it.
  const deadline = host.callDeadline();
  return singleFlight(host, parts.fname, parts.hash, false, async (current) => {
    let read: EntryRead;
    try {
      read = await deadline.bound(readForUpdate(host, parts, state.timeout));
    } catch (error) {
      reportFailure(host, state, error);
      return callOriginal(state, self, args);
    }
    emitOutcome(host, false, state, read.key);
    return computeAndStore(state, host, self, args, read, current, deadline);
  });
}

/** Reads the entry; on a miss, computes it once per key in this process and stores it. */
async function readOrCompute(state: MemoizedState, host: DecoratorHost, self: unknown, args: unknown[], parts: MemoizeKeyParts): Promise<unknown> {
  const { options } = state;
  // One operationTimeout for every backend call of this call, however many follow each other.
  const deadline = host.callDeadline();
  let read: EntryRead;
  try {
    read = await deadline.bound(readRoundTrip(host, parts, options.cacheNone === true, state.timeout));
    if (read.found && options.isStale && (await isTrue(options.isStale, self, [read.value, ...args]))) read.found = false;
  } catch (error) {
    reportFailure(host, state, error);
    return callOriginal(state, self, args);
  }
  emitOutcome(host, read.found, state, read.key);
  if (read.found) return read.value;
  return singleFlight(host, parts.fname, parts.hash, true, (current) => computeAndStore(state, host, self, args, read, current, deadline));
}

/**
 * Runs the function and stores what it returns (unless `responseFilter` or `cacheNone` say no, or
 * an invalidation came while it ran: `current()` is then false and the result is only returned).
 */
async function computeAndStore(
  state: MemoizedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  read: EntryRead,
  current: () => boolean,
  deadline: CallDeadline,
): Promise<unknown> {
  // The function's own time does not count against the deadline; the store gets what is left.
  const result = await deadline.outside(() => callOriginal(state, self, args));
  if ((await shouldStore(state.options, self, result)) && current()) {
    try {
      await deadline.bound(storeEntry(host, read, result, state.timeout));
    } catch (error) {
      reportFailure(host, state, error, read.key);
    }
  }
  return result;
}
