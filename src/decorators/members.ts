import { cachedState, memoizedState } from './metadata.js';
import type { CachedFunction, MemoizedFunction } from './types.js';

/**
 * A decorated method as the memoized function it is, with its members typed: a decorator cannot
 * change a method's declared type, so `obj.method.uncached` is not visible to TypeScript without
 * this. Throws TypeError for a function that is not memoized.
 *
 * @example
 * await memoized(UserService.prototype.getUser).deleteMemoized();
 * memoized(UserService.bigFoo).cacheTimeout = 30;
 */
export function memoized<This, Args extends unknown[], R>(fn: (this: This, ...args: Args) => Promise<R>): MemoizedFunction<This, Args, R> {
  memoizedState(fn, 'memoized()');
  return fn as MemoizedFunction<This, Args, R>;
}

/**
 * A method decorated with `@Cached` as the cached function it is, with its members typed.
 * Throws TypeError for a function that is not cached.
 *
 * @example
 * const key = await cachedFunction(Pages.prototype.index).makeCacheKey(pages);
 */
export function cachedFunction<This, Args extends unknown[], R>(fn: (this: This, ...args: Args) => Promise<R>): CachedFunction<This, Args, R> {
  cachedState(fn, 'cachedFunction()');
  return fn as CachedFunction<This, Args, R>;
}
