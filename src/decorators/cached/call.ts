import { CachedResponse } from '../../cached-response.js';
import { currentRequest } from '../../request-context.js';
import { callOriginal, isTrue, shouldStore } from '../callbacks.js';
import { hostOf, type CachedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { resolveOwner } from '../naming.js';
import { emitOutcome, reportFailure } from '../outcome.js';
import { singleFlight } from '../single-flight.js';
import { cachedKey } from './key.js';

const RESPONSE_TAG = '__decocacheCachedResponse';

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
  let found = false;
  let value: unknown;
  // One operationTimeout for every backend call of this call (get, has, set); the view's own time is free.
  const deadline = host.callDeadline();
  try {
    if (!forced) {
      value = await deadline.bound(host.get(key));
      found = value !== undefined && value !== null ? true : options.cacheNone === true && (await deadline.bound(host.has(key)));
      if (found && (await isTrue(options.isStale, self, [fromStored(value), ...args]))) found = false;
    }
  } catch (error) {
    reportFailure(host, state, error, key);
    return callOriginal(state, self, args);
  }
  const request = currentRequest();
  if (options.responseHitIndication && request) request.hitCache = found;
  emitOutcome(host, found, state, key);
  if (found) return fromStored(value);
  const result = await deadline.outside(() => callOriginal(state, self, args));
  // An invalidation while the view ran (deleteCached) leaves its result unstored.
  if ((await shouldStore(options, self, result)) && current()) {
    const timeout = result instanceof CachedResponse ? result.timeout || state.timeout : state.timeout;
    try {
      await deadline.bound(host.set(key, toStored(result), timeout));
    } catch (error) {
      reportFailure(host, state, error, key);
    }
  }
  return result;
}

function toStored(result: unknown): unknown {
  return result instanceof CachedResponse ? { [RESPONSE_TAG]: 1, response: result.response, timeout: result.timeout } : result;
}

function fromStored(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && RESPONSE_TAG in value) {
    const stored = value as unknown as { response: unknown; timeout?: number };
    return new CachedResponse(stored.response, stored.timeout);
  }
  return value;
}
