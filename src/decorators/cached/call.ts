import type { CallDeadline } from '../../call-deadline.js';
import { currentRequest } from '../../request-context.js';
import { agePolicy, openEntry, storedForm, type AgePolicy } from '../aging.js';
import { callOriginal, isTrue } from '../callbacks.js';
import { computeThenStore } from '../compute-then-store.js';
import { hostOf, type CachedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { resolveOwner } from '../naming.js';
import { emitOutcome, reportFailure } from '../outcome.js';
import { flightRunning, singleFlight } from '../single-flight.js';
import { announceRefresh, logBackgroundFailure, NO_VALUE, orStale, serveStale, type Fallback } from '../stale.js';
import { cachedKey } from './key.js';
import { fromStored, timeoutOf, toStored } from './stored-response.js';

/**
 * One cached call: like memoize but keyed by the request (or a constant prefix). Inside a
 * request only GET and HEAD are served from the cache. A CachedResponse result sets the timeout.
 */
export async function callCached(state: CachedState, self: unknown, args: unknown[]): Promise<unknown> {
  const options = state.options;
  const host = hostOf(state);
  const request = currentRequest();
  if (request?.method && request.method !== 'GET' && request.method !== 'HEAD') return callOriginal(state, self, args);
  if (await isTrue(options.unless, self, args)) return callOriginal(state, self, args);
  if (state.placement !== 'function') resolveOwner(state, self);
  let key: string;
  let forced: boolean;
  try {
    key = await cachedKey(host, state, self, args);
    forced = await isTrue(options.forcedUpdate, self, args);
  } catch (error) {
    reportFailure(host, state, error);
    return callOriginal(state, self, args);
  }
  return singleFlight(host, 'view', key, !forced, (current) => readOrCompute(state, host, self, args, key, forced, current));
}

/** Reads the view's entry (unless forced); on a miss, or a stale entry under `grace`, renders and stores it. */
async function readOrCompute(
  state: CachedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  key: string,
  forced: boolean,
  current: () => boolean,
): Promise<unknown> {
  const options = state.options;
  const policy = state.aged ? agePolicy(state, host) : undefined;
  let found = false;
  let value: unknown;
  let fallback: Fallback = NO_VALUE;
  // One operationTimeout for every backend call of this call (get, has, set); the view's own time is free.
  const deadline = host.callDeadline();
  try {
    if (!forced) {
      value = await deadline.bound(host.get(key));
      found = value !== undefined && value !== null ? true : options.cacheNone === true && (await deadline.bound(host.has(key)));
      if (found && policy !== undefined) {
        const entry = openEntry(value, policy, Date.now());
        if (entry.fresh && entry.refreshDue) refreshInBackground(state, host, self, args, key, policy);
        if (entry.fresh) value = entry.value;
        else [fallback, found] = [fromStored(entry.value), false];
      }
      if (found && (await isTrue(options.isStale, self, [fromStored(value), ...args]))) found = false;
    }
  } catch (error) {
    reportFailure(host, state, error, key);
    const stale = policy === undefined ? undefined : host.staleRead?.(key, Date.now());
    if (stale === undefined || policy === undefined) return callOriginal(state, self, args);
    return serveStale(host, state, key, fromStored(openEntry(stale, policy, Date.now()).value));
  }
  const request = currentRequest();
  if (options.responseHitIndication && request) request.hitCache = found;
  emitOutcome(host, found, state, key);
  if (found) return fromStored(value);
  return orStale(host, state, key, render(state, host, self, args, key, current, deadline, policy), fallback);
}

/** Renders the view and stores the result (see computeThenStore); with `lock`, only the lease holder renders. */
function render(
  state: CachedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  key: string,
  current: () => boolean,
  deadline: CallDeadline,
  policy: AgePolicy | undefined,
): Promise<unknown> {
  const store = (result: unknown) => {
    const timeout = timeoutOf(result, state.timeout);
    const aged = policy === undefined ? undefined : agePolicy(state, host, timeout);
    return host.set(key, storedForm(toStored(result), aged), aged?.storeTimeout ?? timeout);
  };
  const lookup = async () => {
    const stored = await host.get(key);
    if (stored === undefined || stored === null) return { found: false, value: undefined };
    const entry = policy === undefined ? { fresh: true, value: stored } : openEntry(stored, policy, Date.now());
    return { found: entry.fresh, value: fromStored(entry.value) };
  };
  // An invalidation while the view ran (deleteCached) leaves its result unstored.
  return computeThenStore(state, host, self, args, key, current, deadline, store, lookup);
}

/** Renders a view in the background (`refreshAhead`), once at a time per key in this process. */
function refreshInBackground(state: CachedState, host: DecoratorHost, self: unknown, args: unknown[], key: string, policy: AgePolicy): void {
  if (flightRunning(host, 'view', key)) return;
  announceRefresh(host, state, key);
  const deadline = host.callDeadline();
  singleFlight(host, 'view', key, true, (current) => render(state, host, self, args, key, current, deadline, policy)).catch((error: unknown) =>
    logBackgroundFailure(host, state, error),
  );
}
