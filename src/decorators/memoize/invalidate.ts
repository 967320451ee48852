import { functionVersionKey, instanceVersionKey, selfIdentity } from '../../keys/memoize-key.js';
import type { MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { memoizedState } from '../metadata.js';
import { fnameOf, resolveOwner } from '../naming.js';
import { dropFlight, dropFlights } from '../single-flight.js';
import { keyParts, entryKey } from './key.js';
import { bumpVersion, dropVersion, readVersions, versionValues } from './versions.js';

/**
 * `deleteMemoized(fn)` invalidates every entry of `fn` (all instances, a new function version);
 * with arguments it deletes exactly one entry, the instance (or, for statics, the class) first.
 * Misuse throws at once.
 */
export function deleteMemoizedIn(host: DecoratorHost, fn: unknown, args: readonly unknown[]): Promise<boolean> {
  const state = memoizedState(fn, 'deleteMemoized()');
  if (args.length === 0) return resetVersion(host, state, undefined);
  const [self, rest] = splitSelf(state, args, 'deleteMemoized()');
  return deleteOne(host, state, self, rest);
}

/** Invalidates every entry of `fn` for one instance's identity. */
export function deleteMemoizedInstanceIn(host: DecoratorHost, instance: unknown, fn: unknown): Promise<boolean> {
  const state = memoizedState(fn, 'deleteMemoizedInstance()');
  if (state.placement !== 'method') throw new TypeError(`deleteMemoizedInstance(): ${state.name} is not an instance method`);
  const [self] = splitSelf(state, [instance], 'deleteMemoizedInstance()');
  return resetVersion(host, state, self as object);
}

/** Deletes the version key of `fn` (or of one instance); the next call starts a new version. */
export function deleteMemoizedVerhashIn(host: DecoratorHost, fn: unknown, instance?: object): Promise<boolean> {
  const state = memoizedState(fn, 'deleteMemoizedVerhash()');
  if (instance !== undefined) splitSelf(state, [instance], 'deleteMemoizedVerhash()');
  return deleteVersionKey(host, state, instance);
}

/** The key a call would use now (`fn.makeCacheKey`); missing versions are created as a call would create them. */
export async function currentKey(host: DecoratorHost, state: MemoizedState, self: unknown, args: readonly unknown[]): Promise<string> {
  const parts = keyParts(host, state, self, args);
  const versions = await readVersions(host, parts.versionKeys, state.timeout);
  return entryKey(parts, ...versionValues(versions));
}

/** Invalidates every entry of a function (`self` undefined) or of one instance, by a new version value. */
export async function resetVersion(host: DecoratorHost, state: MemoizedState, self: object | undefined): Promise<boolean> {
  const fname = fnameOf(state);
  dropFlights(host, fname);
  await bumpVersion(host, versionKeyOf(state, fname, self));
  return true;
}

/** Deletes the version key of a function (`self` undefined) or of one instance. */
async function deleteVersionKey(host: DecoratorHost, state: MemoizedState, self: object | undefined): Promise<boolean> {
  const fname = fnameOf(state);
  dropFlights(host, fname);
  await dropVersion(host, versionKeyOf(state, fname, self));
  return true;
}

/** Deletes exactly one entry; resolves whether it existed. */
async function deleteOne(host: DecoratorHost, state: MemoizedState, self: unknown, args: readonly unknown[]): Promise<boolean> {
  const parts = keyParts(host, state, self, args);
  dropFlight(host, parts.fname, parts.hash);
  // The versions the shared backend has now: a local copy may predate a bump whose message is on its way.
  const values = await host.getManyFresh(...parts.versionKeys);
  // A missing version means no entry can be reachable under it.
  if (values.some((v) => typeof v !== 'string')) return false;
  return host.delete(entryKey(parts, values[0] as string, (values[1] as string | undefined) ?? ''));
}

/** Splits `self` off the arguments of a method, checking it is an instance (or a class, for statics). */
function splitSelf(state: MemoizedState, args: readonly unknown[], caller: string): [unknown, unknown[]] {
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

/**
 * The version key that governs `self`'s entries: its instance key, or the function key when no
 * instance is given or instances share entries (`argsToIgnore: ['this']` has no instance key).
 */
function versionKeyOf(state: MemoizedState, fname: string, self: object | undefined): string {
  if (self === undefined || state.spec.ignoreThis) return functionVersionKey(fname);
  return instanceVersionKey(fname, selfIdentity(state.spec, self, fname));
}
