import type { Cache } from '../cache.js';
import { createCached } from './cached.js';
import type { ViewTarget } from './cached-key.js';
import { deleteCachedIn, deleteMemoizedIn, deleteMemoizedInstanceIn, deleteMemoizedVerhashIn } from './invalidate.js';
import { createMemoize } from './memoize.js';
import type { CachedOptions, MemoizeOptions } from './options.js';
import type { CachedDecorator, MemoizeDecorator } from './types.js';

/** The decorator half of the Cache: `memoize`, `cached` and the invalidation calls bound to this cache. */
export abstract class CacheDecorators {
  /**
   * Memoizes an async method or function in this cache, keyed by class, name and arguments.
   *
   * @example
   * class Users { @cache.memoize({ timeout: 60 }) async stats(id: number) { ... } }
   */
  memoize(options?: MemoizeOptions): MemoizeDecorator {
    return createMemoize(options, this as unknown as Cache);
  }

  /**
   * Caches an async view or function in this cache under the request path (`view/%s`).
   *
   * @example
   * class Pages { @cache.cached({ timeout: 50 }) async index() { ... } }
   */
  cached(options?: CachedOptions): CachedDecorator {
    return createCached(options, this as unknown as Cache);
  }

  /** Invalidates all entries of `fn`, or with arguments (instance or class first) exactly one. */
  deleteMemoized(fn: unknown, ...args: unknown[]): Promise<boolean> {
    return deleteMemoizedIn(this as unknown as Cache, fn, args);
  }

  /** Invalidates all entries of `fn` for one instance. */
  deleteMemoizedInstance(instance: object, fn: unknown): Promise<boolean> {
    return deleteMemoizedInstanceIn(this as unknown as Cache, instance, fn);
  }

  /** Deletes the version key of `fn` (of one instance when given). */
  deleteMemoizedVerhash(fn: unknown, instance?: object): Promise<boolean> {
    return deleteMemoizedVerhashIn(this as unknown as Cache, fn, instance);
  }

  /** Deletes the cached entry of a view for a path and query arguments. */
  deleteCached(fn: unknown, target?: ViewTarget): Promise<boolean> {
    return deleteCachedIn(this as unknown as Cache, fn, target);
  }
}
