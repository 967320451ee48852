import type { Cache } from '../cache.js';
import { hexDigest } from '../keys/hash.js';
import { queryPairs, queryStringDigest, type QueryArgs } from '../keys/view-key.js';
import { currentRequest } from '../request-context.js';
import { sourceOf } from './memoize-call.js';
import type { CachedOptions } from './options.js';
import { fnameOf, type DecoratedState } from './state.js';

/** Where a cached key's path and query come from when not from the current request. */
export interface ViewTarget {
  /** Replaces the request path. */
  path?: string;
  /** Replaces the request's query arguments. */
  queryArgs?: QueryArgs;
}

/**
 * The key of a cached call, as Flask-Caching 2.5 builds it: `makeCacheKey(...args)` when given;
 * else the prefix (`'view/%s'` with the request path, a function's result, or a constant), plus
 * the hex digest of the sorted query pairs with `queryString`, or of the source with `sourceCheck`.
 * Outside a request, `%s` stands for the function name.
 */
export async function cachedKey(cache: Cache, state: DecoratedState<CachedOptions>, self: unknown, args: readonly unknown[], target?: ViewTarget): Promise<string> {
  const options = state.options;
  if (options.makeCacheKey && !target) {
    const key: unknown = await (options.makeCacheKey as (this: unknown, ...a: unknown[]) => unknown).apply(self, args as unknown[]);
    if (typeof key !== 'string') throw new TypeError(`makeCacheKey of ${state.name} must return a string, got ${typeof key}`);
    return key;
  }
  const request = currentRequest();
  const path = target?.path ?? request?.path;
  const prefixOption = options.keyPrefix ?? 'view/%s';
  const prefix =
    typeof prefixOption === 'function'
      ? String(prefixOption())
      : prefixOption.includes('%s')
        ? prefixOption.replace('%s', path ?? fnameOf(state))
        : prefixOption;
  const method = options.hashMethod ?? cache.hashMethod;
  const source = sourceOf(state, cache);
  if (options.queryString) {
    const pairs = queryPairs(target ? target.queryArgs : request?.query);
    return prefix + queryStringDigest(pairs, method, source);
  }
  return source === undefined ? prefix : prefix + hexDigest(method, source);
}
