import type { Cache } from '../cache.js';
import { newVersion } from '../keys/hash.js';
import { functionVersionKey, instanceVersionKey, selfIdentity } from '../keys/memoize-key.js';
import { describeValue } from '../errors.js';
import { dropInflight } from './call-path.js';
import { fnameOf, memoizeKeyPartsOf, resolveOwner, stateOf, type DecoratedState } from './state.js';
import { readVersions } from './versions.js';

/** The state of a memoized function, or a TypeError that says what was passed instead. */
export function memoizedState(fn: unknown, caller: string): DecoratedState {
  const state = stateOf(fn);
  if (!state) {
    throw new TypeError(`${caller}: expected a function decorated with @Memoize or cache.memoize(), got ${describeValue(fn)}; pass the function itself, e.g. UserService.prototype.getUser`);
  }
  if (state.kind !== 'memoize') throw new TypeError(`${caller}: ${state.name} is decorated with @Cached; use deleteCached() for it`);
  return state;
}

/** Splits `self` off the arguments of a method, checking it is an instance (or a class, for statics). */
export function splitSelf(state: DecoratedState, args: readonly unknown[], caller: string): [unknown, unknown[]] {
  if (state.placement === 'function') return [undefined, [...args]];
  const [self, ...rest] = args;
  if (state.placement === 'static' && typeof self !== 'function') {
    throw new TypeError(`${caller}: ${state.name} is a static method; pass the class as the first argument, e.g. deleteMemoized(C.${state.name}, C, ...args)`);
  }
  if (state.placement === 'method' && (typeof self !== 'object' || self === null)) {
    throw new TypeError(`${caller}: ${state.name} is an instance method; pass the instance as the first argument, e.g. deleteMemoized(C.prototype.${state.name}, instance, ...args)`);
  }
  resolveOwner(state, self);
  return [self, rest];
}

/** The key a call would use now; missing versions are created as a call would create them. */
export async function memoizeKey(cache: Cache, state: DecoratedState, self: unknown, args: readonly unknown[]): Promise<string> {
  const parts = memoizeKeyPartsOf(cache, state, state.spec!, self, args);
  const versions = await readVersions(cache, parts.versionKeys, state.timeout);
  return parts.hash + versions.map((v) => v.value).join('');
}

/** Deletes exactly one entry; resolves whether it existed. */
export async function deleteOne(cache: Cache, state: DecoratedState, self: unknown, args: readonly unknown[]): Promise<boolean> {
  const parts = memoizeKeyPartsOf(cache, state, state.spec!, self, args);
  const values = await cache.getMany(...parts.versionKeys);
  // A missing version means no entry can be reachable under it.
  if (values.some((v) => typeof v !== 'string')) return false;
  return cache.delete(parts.hash + values.join(''));
}

/**
 * Invalidates all entries of a function (`self` undefined) or of one instance by giving the
 * version key a new value; old entries become unreachable and expire on their own.
 */
export async function resetVersion(cache: Cache, state: DecoratedState, self: object | undefined): Promise<boolean> {
  const fname = fnameOf(state);
  const key = versionKeyOf(state, fname, self);
  const value = newVersion();
  dropInflight(cache, fname);
  await cache.set(key, value);
  cache.internals.versionHints.set(key, value);
  return true;
}

/** Deletes the version key itself (Flask's delete_memoized_verhash); the next call mints a new one. */
export async function deleteVersionKey(cache: Cache, state: DecoratedState, self: object | undefined): Promise<boolean> {
  const fname = fnameOf(state);
  const key = versionKeyOf(state, fname, self);
  dropInflight(cache, fname);
  cache.internals.versionHints.delete(key);
  await cache.deleteMany(key);
  return true;
}

/**
 * The version key that governs `self`'s entries: its instance key, or the function key when no
 * instance is given or instances share entries (`argsToIgnore: ['this']` has no instance key).
 */
function versionKeyOf(state: DecoratedState, fname: string, self: object | undefined): string {
  if (self === undefined || state.spec!.ignoreThis) return functionVersionKey(fname);
  return instanceVersionKey(fname, selfIdentity(state.spec!, self, fname));
}
