import { viewKey, type QueryArgs } from '../../keys/view-key.js';
import { currentRequest } from '../../request-context.js';
import { sourceOf, type CachedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { cachedState } from '../metadata.js';
import { fnameOf } from '../naming.js';
import { dropFlight } from '../single-flight.js';

/** Where a cached key's path and query come from when not from the current request. */
export interface ViewTarget {
  /** Replaces the request path. */
  path?: string;
  /** Replaces the request's query arguments. */
  queryArgs?: QueryArgs;
}

/**
 * The key of a cached call, as Flask-Caching 2.5 builds it: `makeCacheKey(...args)` when given;
 * else the view key of the request (or of `target`). Outside a request, `%s` stands for the
 * function name.
 */
export async function cachedKey(host: DecoratorHost, state: CachedState, self: unknown, args: readonly unknown[], target?: ViewTarget): Promise<string> {
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
    hashMethod: options.hashMethod ?? host.hashMethod,
    source: sourceOf(state, host),
  });
}

/** Deletes one cached view entry, for a path and query arguments (Flask's delete_cached). Misuse throws at once. */
export function deleteCachedIn(host: DecoratorHost, fn: unknown, target: ViewTarget = {}): Promise<boolean> {
  const state = cachedState(fn, 'deleteCached()');
  return cachedKey(host, state, undefined, [], target).then((key) => {
    dropFlight(host, 'view', key);
    return host.delete(key);
  });
}
