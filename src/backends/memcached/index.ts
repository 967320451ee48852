import memjs from 'memjs';
import { providePeer } from '../peers.js';

// Importing this subpath is what brings memjs in; the core loads it only for a backend named in a config.
providePeer('memjs', memjs);

export { MemcachedCache, SASLMemcachedCache } from './memcached-backend.js';
export { SpreadSASLMemcachedCache, type SpreadMemcachedOptions } from './spread.js';
export type { MemcachedBackendOptions, MemjsClient } from './connect.js';
export { isValidKey, wireKey } from './keys.js';
export { createMemcachedBackend, type MemcachedKind } from './create.js';
