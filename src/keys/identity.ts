import { randomBytes } from 'node:crypto';

/**
 * A method returning a stable identity for an instance (Flask's `__caching_id__`): instances with
 * the same identity share memoized entries, in every process.
 *
 * @example
 * class UserService { [cacheIdentity]() { return `UserService:${this.tenant}`; } }
 */
export const cacheIdentity: unique symbol = Symbol.for('decocache.cacheIdentity');

/** An object that names its own cache identity. */
export interface CacheIdentifiable {
  /** The identity; the same value means the same entries. */
  [cacheIdentity](): string | number;
}

const processToken = randomBytes(6).toString('base64url');
const local = new WeakMap<object, string>();
let counter = 0;

/** Whether the identity of `obj` comes from its own `[cacheIdentity]()` (true) or is process-local. */
export function hasStableIdentity(obj: object): boolean {
  return typeof (obj as Partial<CacheIdentifiable>)[cacheIdentity] === 'function';
}

/** The value of `obj[cacheIdentity]()`, checked, or `undefined` when the object has no such method. */
export function ownIdentity(obj: object): string | number | undefined {
  const own = (obj as Partial<CacheIdentifiable>)[cacheIdentity];
  if (typeof own !== 'function') return undefined;
  const id: unknown = own.call(obj);
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new TypeError(`[cacheIdentity]() must return a string or a number, got ${typeof id}`);
  }
  return id;
}

/**
 * The identity of an instance: its `[cacheIdentity]()` when defined, otherwise a process-local
 * token (class name, a random per-process tag and a counter), like the address in Python's repr,
 * so that two instances never share entries by accident, even across processes.
 */
export function identityOf(obj: object): string {
  const own = ownIdentity(obj);
  if (own !== undefined) return String(own);
  return localIdentity(obj);
}

/** The process-local token of an object, made on first use. */
export function localIdentity(obj: object): string {
  let id = local.get(obj);
  if (id === undefined) {
    id = `${className(obj)}@${processToken}#${++counter}`;
    local.set(obj, id);
  }
  return id;
}

/** The constructor name of an object, or `Object` for null-prototype ones. */
export function className(obj: object): string {
  const ctor = (obj as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
}
