import { deleteCachedIn, type ViewTarget } from './cached/key.js';
import { createCached } from './cached/decorator.js';
import { hostOf } from './decorated.js';
import { defaultHost, type DecoratorHost } from './host.js';
import { deleteMemoizedIn, deleteMemoizedInstanceIn, deleteMemoizedVerhashIn } from './memoize/invalidate.js';
import { createMemoize } from './memoize/decorator.js';
import { stateOf } from './metadata.js';
import type { AnySignature, CachedOptions, MemoizeOptions, Signature } from './options.js';
import type { AsyncMethod, CachedDecorator, DeleteArgs, DeleteMethodArgs, MemoizeDecorator, MemoizedFunction } from './types.js';

/**
 * Memoizes an async method or function in `options.cache` or the default cache (resolved at call
 * time, so it may be applied before the cache is configured).
 *
 * @example
 * class Math2 { @Memoize({ timeout: 60 }) static async bigFoo(a: number, b: number) { return a + b; } }
 */
export function Memoize<F extends Signature = AnySignature>(options?: MemoizeOptions<F>): MemoizeDecorator {
  return createMemoize(options as MemoizeOptions | undefined, undefined);
}

/**
 * Caches an async view or function under the request path in `options.cache` or the default cache.
 *
 * @example
 * class Pages { @Cached({ timeout: 50 }) async index() { return render('index'); } }
 */
export function Cached<F extends Signature = AnySignature>(options?: CachedOptions<F>): CachedDecorator {
  return createCached(options as CachedOptions | undefined, undefined);
}

/** The cache a decorated function uses (the default cache for anything else, whose call then throws). */
export function hostFor(fn: unknown): DecoratorHost {
  const state = stateOf(fn);
  return state ? hostOf(state) : defaultHost();
}

/**
 * Invalidates all entries of `fn`, or with arguments exactly one; the cache comes from the
 * decoration. A wrapped function takes its own arguments; a decorated method takes the instance
 * (for a static method, the class) first.
 *
 * @example
 * await deleteMemoized(UserService.prototype.getUser, service, 42);
 */
export function deleteMemoized<Args extends unknown[], R>(fn: MemoizedFunction<unknown, Args, R>, ...args: DeleteArgs<Args>): Promise<boolean>;
export function deleteMemoized<Args extends unknown[], R>(fn: (...args: Args) => Promise<R>, ...args: DeleteMethodArgs<Args>): Promise<boolean>;
export function deleteMemoized(fn: unknown, ...args: unknown[]): Promise<boolean> {
  return deleteMemoizedIn(hostFor(fn), fn, args);
}

/** Invalidates all entries of `fn` for one instance. */
export function deleteMemoizedInstance(instance: object, fn: AsyncMethod): Promise<boolean> {
  return deleteMemoizedInstanceIn(hostFor(fn), instance, fn);
}

/** Deletes the version key of `fn` (of one instance when given). */
export function deleteMemoizedVerhash(fn: AsyncMethod, instance?: object): Promise<boolean> {
  return deleteMemoizedVerhashIn(hostFor(fn), fn, instance);
}

/** Deletes one cached view entry for a path and query arguments. */
export function deleteCached(fn: AsyncMethod, target?: ViewTarget): Promise<boolean> {
  return deleteCachedIn(hostFor(fn), fn, target);
}
