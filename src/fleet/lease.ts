import { randomBytes } from 'node:crypto';
import type { Backend } from '../backends/backend.js';

/** The key a lease on `key` is stored under (the key already carries the cache's prefix). */
export function leaseKey(key: string): string {
  return `${key}:lock`;
}

/**
 * Takes the fleet-wide lease on `key` for `ttlMs` milliseconds: an `add` of `key + ':lock'`,
 * so exactly one caller in the fleet gets it, and it expires by itself if its holder crashes.
 * Resolves the token to release it with, or `undefined` when another holder has it.
 *
 * @example
 * const token = await acquireLease(backend, 'decocache_Catalog.product/abc', 10_000);
 * if (token) try { ... } finally { await releaseLease(backend, 'decocache_Catalog.product/abc', token); }
 */
export async function acquireLease(backend: Backend, key: string, ttlMs: number): Promise<string | undefined> {
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new TypeError(`acquireLease(): ttlMs must be a number of milliseconds > 0, got ${String(ttlMs)}`);
  const token = randomBytes(12).toString('base64url');
  return (await addForMs(backend, leaseKey(key), token, Math.ceil(ttlMs))) ? token : undefined;
}

/** Gives the lease on `key` back if `token` still holds it; resolves whether it did (false once it expired or passed on). */
export function releaseLease(backend: Backend, key: string, token: string): Promise<boolean> {
  return deleteIfHolds(backend, leaseKey(key), token);
}

/**
 * `add` expiring after `ttlMs`: to the millisecond where the backend has `addMs` (Redis), else
 * rounded up to whole seconds, the finest most stores keep.
 */
export function addForMs(backend: Backend, key: string, value: string, ttlMs: number): Promise<boolean> {
  if (backend.addMs) return backend.addMs(key, value, ttlMs);
  return backend.add(key, value, Math.max(1, Math.ceil(ttlMs / 1000)));
}

/**
 * Deletes `key` only while it holds `value`: atomically where the backend has `deleteIfEquals`
 * (Redis, one Lua call); elsewhere read, compare, delete, which can delete a lease taken by
 * another holder in the instant between the read and the delete, after this one's expired.
 */
export async function deleteIfHolds(backend: Backend, key: string, value: string): Promise<boolean> {
  if (backend.deleteIfEquals) return backend.deleteIfEquals(key, value);
  if ((await backend.get(key)) !== value) return false;
  return backend.delete(key);
}
