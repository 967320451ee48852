import { rememberHit, type MemoizeKeyParts } from '../../keys/memoize-key.js';
import type { HitTier } from '../../observe/observer.js';
import { agePolicy, openEntry, type AgePolicy } from '../aging.js';
import { callOriginal, isTrue } from '../callbacks.js';
import { hostOf, type MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { emitOutcome, reportFailure } from '../outcome.js';
import { singleFlight } from '../single-flight.js';
import { NO_VALUE, orStale, serveStale, type Fallback } from '../stale.js';
import { computeAndStore, refreshInBackground } from './compute.js';
import { computeInPlace } from './compute-in-place.js';
import { missedInPlace, readForUpdate, readInPlace, readRoundTrip, UNANSWERED, type EntryRead } from './entry.js';
import { keyParts } from './key.js';

/**
 * One memoized call, top to bottom: key → in-place read (a hit on an in-process backend or the
 * local tier is answered here, synchronously) → round-trip read → on a miss, one computation per
 * key in this process (single-flight; per fleet with `lock`) that stores its result. Backend
 * errors and timeouts in the read are reported and the function runs uncached (fail-open), or
 * with `grace` the local tier's stale copy is served; a failed store is reported and the result
 * returned. Without `unless` and `forcedUpdate` nothing is awaited before the read, so this is not
 * an async function and an in-place hit adds no promise layer.
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
    const read = readInPlace(host.inPlaceRead, parts);
    if (read !== UNANSWERED) {
      // Answered in place: by the local tier in front of a shared backend, or by an in-process backend.
      const tier = host.shared ? 'local' : 'shared';
      const policy = state.aged ? agePolicy(state, host) : undefined;
      if (read.value !== undefined && policy === undefined) {
        answered(host, state, parts, read.key, tier);
        return Promise.resolve(read.value);
      }
      const entry = read.value === undefined || policy === undefined ? undefined : openEntry(read.value, policy, Date.now());
      // A stale entry takes the round trip, which recomputes with the stale value at hand.
      if (entry?.fresh) {
        answered(host, state, parts, read.key, tier);
        if (entry.refreshDue) refreshInBackground(state, host, self, args, parts, policy!, read.key);
        return Promise.resolve(entry.value);
      }
      // An in-process backend's miss is final (a local tier's is not: the shared backend may have it).
      if (read.value === undefined && !host.shared && !state.options.cacheNone) {
        emitOutcome(host, false, state, read.key);
        const write = host.inPlaceWrite;
        if (write !== undefined && !state.options.lock) return computeInPlace(state, host, write, self, args, parts, read, policy);
        return computeMissed(state, host, self, args, parts, missedInPlace(parts, read), policy);
      }
    }
  }
  return readOrCompute(state, host, self, args, parts);
}

/** A hit: counted and reported, and its call remembered by the args memo from now on. */
function answered(host: DecoratorHost, state: MemoizedState, parts: MemoizeKeyParts, key: string, tier: HitTier): void {
  emitOutcome(host, true, state, key, tier);
  rememberHit(parts);
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
  const policy = agePolicy(state, host);
  const deadline = host.callDeadline();
  return singleFlight(host, parts.fname, parts.hash, false, async (current) => {
    let read: EntryRead;
    try {
      read = await deadline.bound(readForUpdate(host, parts, policy?.storeTimeout ?? state.timeout));
    } catch (error) {
      reportFailure(host, state, error);
      return callOriginal(state, self, args);
    }
    emitOutcome(host, false, state, read.key);
    return computeAndStore(state, host, self, args, read, current, deadline, policy);
  });
}

/** Reads the entry; on a miss (or a stale entry under `grace`), computes it once per key and stores it. */
async function readOrCompute(state: MemoizedState, host: DecoratorHost, self: unknown, args: unknown[], parts: MemoizeKeyParts): Promise<unknown> {
  const { options } = state;
  const policy = state.aged ? agePolicy(state, host) : undefined;
  // One operationTimeout for every backend call of this call, however many follow each other.
  const deadline = host.callDeadline();
  let read: EntryRead;
  try {
    read = await readRoundTrip(host, parts, options.cacheNone === true, policy?.storeTimeout ?? state.timeout, deadline);
  } catch (error) {
    reportFailure(host, state, error);
    const stale = policy === undefined ? UNANSWERED : staleLocalCopy(host, parts, policy);
    return stale === UNANSWERED ? callOriginal(state, self, args) : serveStale(host, state, stale.key, stale.value);
  }
  let fallback: Fallback = NO_VALUE;
  if (read.found && policy !== undefined) {
    const entry = openEntry(read.value, policy, Date.now());
    if (entry.fresh && entry.refreshDue) refreshInBackground(state, host, self, args, parts, policy, read.key);
    if (entry.fresh) read.value = entry.value;
    else [fallback, read.found] = [entry.value, false];
  }
  if (read.found && options.isStale && (await isTrue(options.isStale, self, [read.value, ...args]))) read.found = false;
  if (read.found) {
    answered(host, state, parts, read.key, 'shared');
    return read.value;
  }
  emitOutcome(host, false, state, read.key);
  const computing = singleFlight(host, parts.fname, parts.hash, true, (current) => computeAndStore(state, host, self, args, read, current, deadline, policy));
  return orStale(host, state, read.key, computing, fallback);
}

/** A miss found in place on an in-process backend that cannot write in place (or under `lock`): computed once per key and stored, with no second read. */
function computeMissed(state: MemoizedState, host: DecoratorHost, self: unknown, args: unknown[], parts: MemoizeKeyParts, read: EntryRead, policy: AgePolicy | undefined): Promise<unknown> {
  const deadline = host.callDeadline();
  return singleFlight(host, parts.fname, parts.hash, true, (current) => computeAndStore(state, host, self, args, read, current, deadline, policy));
}

/**
 * The local tier's copy of this call's entry, trusted or not, for when the backend failed under
 * `grace`: stale or not, it was a right answer recently, which beats running uncached.
 */
function staleLocalCopy(host: DecoratorHost, parts: MemoizeKeyParts, policy: AgePolicy): { key: string; value: unknown } | typeof UNANSWERED {
  if (host.staleRead === undefined) return UNANSWERED;
  const read = readInPlace(host.staleRead, parts);
  return read === UNANSWERED || read.value === undefined ? UNANSWERED : { key: read.key, value: openEntry(read.value, policy, Date.now()).value };
}
