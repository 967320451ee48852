import type { Cache } from './cache.js';

let explicit: Cache | undefined;
let first: Cache | undefined;
let makeFallback: (() => Cache) | undefined;

/** Makes `cache` the one `@Memoize`/`@Cached` use when they are given no `cache` option. */
export function setDefaultCache(cache: Cache): void {
  explicit = cache;
}

/** The default cache: the one set with setDefaultCache, else the first constructed, else a new SimpleCache. */
export function getDefaultCache(): Cache {
  if (explicit) return explicit;
  if (!first) first = makeFallback!();
  return first;
}

/** Called by every Cache constructor; the first one becomes the implicit default. */
export function registerConstructed(cache: Cache, fallback: () => Cache): void {
  first ??= cache;
  makeFallback ??= fallback;
}
