import type { Cache } from '../cache.js';
import { CachedResponse } from '../cached-response.js';
import { currentRequest } from '../request-context.js';
import { callOriginal, emitOutcome, isTrue, outcomeName, shouldStore, singleFlight } from './call-path.js';
import { cachedKey } from './cached-key.js';
import type { CachedOptions } from './options.js';
import { cacheOf, resolveOwner, type DecoratedState } from './state.js';

const RESPONSE_TAG = '__decocacheCachedResponse';

/**
 * One cached call: like memoize but keyed by the request (or a constant prefix). Inside a
 * request only GET and HEAD are served from the cache. A CachedResponse result sets the timeout.
 */
export async function callCached(state: DecoratedState<CachedOptions>, self: unknown, args: unknown[]): Promise<unknown> {
  const options = state.options;
  const cache = cacheOf(state);
  const request = currentRequest();
  if (request?.method && request.method !== 'GET' && request.method !== 'HEAD') return callOriginal(state, self, args);
  if (await isTrue(options.unless, self, args)) return callOriginal(state, self, args);
  if (state.placement !== 'function') resolveOwner(state, self);
  let key: string;
  let forced: boolean;
  try {
    key = await cachedKey(cache, state, self, args);
    forced = await isTrue(options.forcedUpdate, self, args);
  } catch (error) {
    cache.reportError(error, { kind: 'cached', fn: state.original as never }, outcomeName(state));
    return callOriginal(state, self, args);
  }
  return singleFlight(cache, 'view', key, !forced, () => resolve(state, cache, self, args, key, forced));
}

async function resolve(state: DecoratedState<CachedOptions>, cache: Cache, self: unknown, args: unknown[], key: string, forced: boolean): Promise<unknown> {
  const options = state.options;
  let found = false;
  let value: unknown;
  try {
    if (!forced) {
      value = await cache.get(key);
      found = value !== undefined && value !== null ? true : options.cacheNone === true && (await cache.has(key));
      if (found && (await isTrue(options.isStale, self, [fromStored(value), ...args]))) found = false;
    }
  } catch (error) {
    cache.reportError(error, { kind: 'cached', key, fn: state.original as never }, outcomeName(state));
    return callOriginal(state, self, args);
  }
  const request = currentRequest();
  if (options.responseHitIndication && request) request.hitCache = found;
  emitOutcome(cache, found, state, key);
  if (found) return fromStored(value);
  const result = await callOriginal(state, self, args);
  if (await shouldStore(options, self, result)) {
    const timeout = result instanceof CachedResponse ? result.timeout || state.timeout : state.timeout;
    try {
      await cache.set(key, toStored(result), timeout);
    } catch (error) {
      cache.reportError(error, { kind: 'cached', key, fn: state.original as never }, outcomeName(state));
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
