import { hostOf, type AnyFunction, type CachedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { validateOptions, type CachedOptions } from '../options.js';
import { applicationOf, decorated, describeTarget, finishWrapper } from '../target.js';
import type { CachedDecorator } from '../types.js';
import { callCached } from './call.js';
import { cachedKey } from './key.js';

/**
 * Builds the cached decorator for `options` (Flask's `@cache.cached`): the key comes from the
 * request path (`'view/%s'`), the query string, a constant prefix or `makeCacheKey`, never from
 * the arguments themselves.
 */
export function createCached(rawOptions: CachedOptions | undefined, boundHost: DecoratorHost | undefined): CachedDecorator {
  const options = validateOptions<CachedOptions>(rawOptions, 'cached');
  function cachedDecorator(target: unknown, context?: unknown, descriptor?: unknown): unknown {
    const application = applicationOf('@Cached / cached()', target, context, descriptor);
    const aged = Boolean(options.grace) || options.refreshAhead !== undefined;
    const state: CachedState = { ...describeTarget('cached', application, options, boundHost), kind: 'cached', aged };
    const wrapper = function cached(this: unknown, ...args: unknown[]): Promise<unknown> {
      return callCached(state, this, args);
    };
    finishWrapper(state, wrapper as AnyFunction, application);
    Object.defineProperty(wrapper, 'makeCacheKey', { value: (thisArg: unknown, ...args: unknown[]) => cachedKey(hostOf(state), state, thisArg, args) });
    return decorated(application, wrapper as AnyFunction);
  }
  return cachedDecorator as CachedDecorator;
}
