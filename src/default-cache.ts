// A value import that closes a cycle (cache.ts imports this module): Cache is only used inside
// getDefaultCache, at call time, never while the modules are being evaluated.
import { Cache } from './cache.js';

let explicit: Cache | undefined;
let first: Cache | undefined;

/** Makes `cache` the one `@Memoize`/`@Cached` use when they are given no `cache` option. */
export function setDefaultCache(cache: Cache): void {
  explicit = cache;
}

/** The default cache: the one set with setDefaultCache, else the first constructed, else a new SimpleCache. */
export function getDefaultCache(): Cache {
  if (explicit) return explicit;
  first ??= new Cache();
  return first;
}

/** Called by every Cache constructor; the first one becomes the implicit default. */
export function registerConstructed(cache: Cache): void {
  first ??= cache;
}
