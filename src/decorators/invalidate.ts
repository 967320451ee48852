import type { Cache } from '../cache.js';
import { describeValue } from '../errors.js';
import type { ViewTarget } from './cached-key.js';
import { cachedKey } from './cached-key.js';
import { deleteOne, deleteVersionKey, memoizedState, resetVersion, splitSelf } from './delete-memoized.js';
import { stateOf, type DecoratedState } from './state.js';
import type { CachedOptions } from './options.js';

/**
 * `deleteMemoized(fn)` invalidates every entry of `fn` (all instances); with arguments it deletes
 * exactly one entry, the instance (or, for statics, the class) first. Misuse throws at once.
 */
export function deleteMemoizedIn(cache: Cache, fn: unknown, args: readonly unknown[]): Promise<boolean> {
  const state = memoizedState(fn, 'deleteMemoized()');
  if (args.length === 0) return resetVersion(cache, state, undefined);
  const [self, rest] = splitSelf(state, args, 'deleteMemoized()');
  return deleteOne(cache, state, self, rest);
}

/** Invalidates every entry of `fn` for one instance's identity. */
export function deleteMemoizedInstanceIn(cache: Cache, instance: unknown, fn: unknown): Promise<boolean> {
  const state = memoizedState(fn, 'deleteMemoizedInstance()');
  if (state.placement !== 'method') throw new TypeError(`deleteMemoizedInstance(): ${state.name} is not an instance method`);
  const [self] = splitSelf(state, [instance], 'deleteMemoizedInstance()');
  return resetVersion(cache, state, self as object);
}

/** Deletes the version key of `fn` (or of one instance); the next call starts a new version. */
export function deleteMemoizedVerhashIn(cache: Cache, fn: unknown, instance?: object): Promise<boolean> {
  const state = memoizedState(fn, 'deleteMemoizedVerhash()');
  if (instance !== undefined) splitSelf(state, [instance], 'deleteMemoizedVerhash()');
  return deleteVersionKey(cache, state, instance);
}

/** Deletes one cached view entry, for a path and query arguments (Flask's delete_cached). Misuse throws at once. */
export function deleteCachedIn(cache: Cache, fn: unknown, target: ViewTarget = {}): Promise<boolean> {
  const state = stateOf(fn);
  if (!state || state.kind !== 'cached') throw new TypeError(`deleteCached(): expected a function decorated with @Cached or cache.cached(), got ${describeValue(fn)}`);
  return cachedKey(cache, state as DecoratedState<CachedOptions>, undefined, [], target).then((key) => cache.delete(key));
}
