import type { Backend } from './backends/backend.js';
import type { Logger } from './types.js';

/** Key prefixes in use in this process, by backend type, with how many caches use each. */
const inUse = new Map<string, Map<string, number>>();
const warned = new Set<string>();
const MAX_PREFIXES = 1000;

/**
 * Notes that a cache now uses `prefix` on `backend`, and warns once per pair when another cache of
 * this process on the same type of shared backend has a prefix that starts with this one, or that
 * this one starts with. Flask's prefix semantics are kept: the shorter prefix's `clear()` and
 * `deletePattern('*')` also remove the longer one's keys (Redis, FileSystem, Keyv). Backends that
 * keep prefixes apart (memcached's per-prefix generations) and in-process ones never warn.
 */
export function usePrefix(backend: Backend, prefix: string, logger: Logger): void {
  if (!backend.shared || backend.isolatesPrefixes) return;
  let prefixes = inUse.get(backend.name);
  if (prefixes === undefined) inUse.set(backend.name, (prefixes = new Map()));
  for (const other of prefixes.keys()) {
    if (other === prefix) continue;
    const [outer, inner] = other.length < prefix.length ? [other, prefix] : [prefix, other];
    const pair = `${backend.name}\u0000${outer}\u0000${inner}`;
    if (!inner.startsWith(outer) || warned.has(pair)) continue;
    warned.add(pair);
    logger.warn(
      `decocache: two caches on ${backend.name} have nested key prefixes ${JSON.stringify(outer)} and ${JSON.stringify(inner)}: ` +
        `clear() and deletePattern('*') of the first also remove the second's keys; use prefixes where neither starts with the other`,
    );
  }
  if (prefixes.size < MAX_PREFIXES || prefixes.has(prefix)) prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
}

/** Notes that a cache no longer uses `prefix` on `backend` (it was closed or configured again). */
export function releasePrefix(backend: Backend, prefix: string): void {
  const prefixes = inUse.get(backend.name);
  const count = prefixes?.get(prefix);
  if (prefixes === undefined || count === undefined) return;
  if (count > 1) prefixes.set(prefix, count - 1);
  else prefixes.delete(prefix);
}
