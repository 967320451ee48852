import type { ViewTarget } from './cached-key.js';
import { createCached } from './cached.js';
import { deleteCachedIn, deleteMemoizedIn, deleteMemoizedInstanceIn, deleteMemoizedVerhashIn } from './invalidate.js';
import { createMemoize } from './memoize.js';
import type { CachedOptions, MemoizeOptions } from './options.js';
import { cacheOf, stateOf } from './state.js';
import type { CachedDecorator, MemoizeDecorator } from './types.js';
import { getDefaultCache } from '../default-cache.js';

/**
 * Memoizes an async method or function in `options.cache` or the default cache (resolved at call
 * time, so it may be applied before the cache is configured).
 *
 * @example
 * class Math2 { @Memoize({ timeout: 60 }) static async bigFoo(a: number, b: number) { return a + b; } }
 */
export function Memoize(options?: MemoizeOptions): MemoizeDecorator {
  return createMemoize(options, undefined);
}

/**
 * Caches an async view or function under the request path in `options.cache` or the default cache.
 *
 * @example
 * class Pages { @Cached({ timeout: 50 }) async index() { return render('index'); } }
 */
export function Cached(options?: CachedOptions): CachedDecorator {
  return createCached(options, undefined);
}

function cacheFor(fn: unknown) {
  const state = stateOf(fn);
  return state ? cacheOf(state) : getDefaultCache();
}

/** Invalidates all entries of `fn`, or with arguments exactly one; the cache comes from the decoration. */
export function deleteMemoized(fn: unknown, ...args: unknown[]): Promise<boolean> {
  return deleteMemoizedIn(cacheFor(fn), fn, args);
}

/** Invalidates all entries of `fn` for one instance. */
export function deleteMemoizedInstance(instance: object, fn: unknown): Promise<boolean> {
  return deleteMemoizedInstanceIn(cacheFor(fn), instance, fn);
}

/** Deletes the version key of `fn` (of one instance when given). */
export function deleteMemoizedVerhash(fn: unknown, instance?: object): Promise<boolean> {
  return deleteMemoizedVerhashIn(cacheFor(fn), fn, instance);
}

/** Deletes one cached view entry for a path and query arguments. */
export function deleteCached(fn: unknown, target?: ViewTarget): Promise<boolean> {
  return deleteCachedIn(cacheFor(fn), fn, target);
}
