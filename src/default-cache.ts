import type { Cache } from './cache.js';
import { defaultHost, setDefaultHost } from './decorators/host.js';

/** Makes `cache` the one `@Memoize`/`@Cached` use when they are given no `cache` option. */
export function setDefaultCache(cache: Cache): void {
  setDefaultHost(cache);
}

/** The default cache: the one set with setDefaultCache, else the first constructed, else a new SimpleCache. */
export function getDefaultCache(): Cache {
  // Only Caches become hosts: setDefaultCache takes one, and every Cache registers itself.
  return defaultHost() as Cache;
}
