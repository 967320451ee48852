import type { Cache } from '../cache.js';
import { hexDigest } from '../keys/hash.js';
import { queryPairs, queryStringDigest, type QueryArgs } from '../keys/view-key.js';
import { currentRequest } from '../request-context.js';
import type { HashMethod } from '../types.js';
import type { CachedOptions } from './options.js';
import { fnameOf, sourceOf, type DecoratedState } from './state.js';

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
  return viewKey({
    keyPrefix: options.keyPrefix,
    path: () => target?.path ?? request?.path ?? fnameOf(state),
    queryString: options.queryString,
    query: target ? target.queryArgs : request?.query,
    hashMethod: options.hashMethod ?? cache.hashMethod,
    source: sourceOf(state, cache),
  });
}

/** What a view key is built from; shared by `@Cached` and the web integrations. */
export interface ViewKeyParts {
  /** Key, with `%s` for the path (default `'view/%s'`), or a function returning the prefix. */
  keyPrefix?: string | (() => string);
  /** The request path, or a function computing it only when `%s` needs it. */
  path: string | (() => string);
  /** Append the hex digest of the sorted query pairs. */
  queryString?: boolean;
  /** The query arguments hashed with `queryString`. */
  query?: QueryArgs;
  /** Digest of the query pairs and the source. */
  hashMethod: HashMethod;
  /** Function source, when source checking is on. */
  source?: string;
}

/**
 * Flask-Caching 2.5's view key: the prefix (`'view/%s'` with the path, a function's result, or a
 * constant), plus the hex digest of the sorted query pairs with `queryString`, or of the source.
 *
 * @example
 * viewKey({ path: '/works', queryString: true, query: 'b=2&a=1', hashMethod: 'sha256' })
 */
export function viewKey(parts: ViewKeyParts): string {
  const prefixOption = parts.keyPrefix ?? 'view/%s';
  const prefix =
    typeof prefixOption === 'function'
      ? String(prefixOption())
      : prefixOption.includes('%s')
        ? prefixOption.replace('%s', typeof parts.path === 'function' ? parts.path() : parts.path)
        : prefixOption;
  if (parts.queryString) return prefix + queryStringDigest(queryPairs(parts.query), parts.hashMethod, parts.source);
  return parts.source === undefined ? prefix : prefix + hexDigest(parts.hashMethod, parts.source);
}
