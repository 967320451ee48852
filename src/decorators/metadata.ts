import 'reflect-metadata';
import { describeValue } from '../errors.js';
import type { CachedState, DecoratedState, MemoizedState } from './decorated.js';

/** The reflect-metadata keys under which a decorated function carries its state. */
export const METADATA_KEYS = { memoize: 'decocache:memoize', cached: 'decocache:cached' } as const;

/**
 * Attaches the state to its wrapper as reflect-metadata: this is the registry `deleteMemoized`,
 * `deleteCached` and tools read to find a decorated function's cache and key scheme.
 */
export function attachState(state: DecoratedState): void {
  Reflect.defineMetadata(METADATA_KEYS[state.kind], state, state.wrapper);
}

/** The state of a decorated function, or `undefined` for anything else. */
export function stateOf(fn: unknown): MemoizedState | CachedState | undefined {
  if (typeof fn !== 'function') return undefined;
  return (Reflect.getOwnMetadata(METADATA_KEYS.memoize, fn) ?? Reflect.getOwnMetadata(METADATA_KEYS.cached, fn)) as MemoizedState | CachedState | undefined;
}

/** The state of a memoized function, or a TypeError that says what was passed instead. */
export function memoizedState(fn: unknown, caller: string): MemoizedState {
  const state = stateOf(fn);
  if (!state) {
    throw new TypeError(`${caller}: expected a function decorated with @Memoize or cache.memoize(), got ${describeValue(fn)}; pass the function itself, e.g. UserService.prototype.getUser`);
  }
  if (state.kind !== 'memoize') throw new TypeError(`${caller}: ${state.name} is decorated with @Cached; use deleteCached() for it`);
  return state;
}

/** The state of a cached view, or a TypeError that says what was passed instead. */
export function cachedState(fn: unknown, caller: string): CachedState {
  const state = stateOf(fn);
  if (!state || state.kind !== 'cached') throw new TypeError(`${caller}: expected a function decorated with @Cached or cache.cached(), got ${describeValue(fn)}`);
  return state;
}
