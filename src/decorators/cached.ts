import type { Cache } from '../cache.js';
import { callCached } from './cached-call.js';
import { cachedKey } from './cached-key.js';
import { validateOptions, type CachedOptions } from './options.js';
import { cacheOf, type AnyFunction } from './state.js';
import type { CachedDecorator } from './types.js';
import { describeTarget, finishWrapper } from './wrap.js';

/**
 * Builds the cached decorator for `options` (Flask's `@cache.cached`): the key comes from the
 * request path (`'view/%s'`), the query string, a constant prefix or `makeCacheKey`, never from
 * the arguments themselves.
 */
export function createCached(rawOptions: CachedOptions | undefined, boundCache: Cache | undefined): CachedDecorator {
  const options = validateOptions<CachedOptions>(rawOptions, 'cached');
  function cachedDecorator(target: unknown, context?: unknown): unknown {
    const state = describeTarget('cached', target, context, options, boundCache);
    const wrapper = function cached(this: unknown, ...args: unknown[]): Promise<unknown> {
      return callCached(state, this, args);
    };
    finishWrapper(state, wrapper as AnyFunction, context);
    Object.defineProperty(wrapper, 'makeCacheKey', {
      value: (thisArg: unknown, ...args: unknown[]) => cachedKey(cacheOf(state), state, thisArg, args),
    });
    return wrapper;
  }
  return cachedDecorator as CachedDecorator;
}
