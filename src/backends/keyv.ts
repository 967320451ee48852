import Keyv from 'keyv';
import { providePeer } from './peers.js';

// Importing this subpath is what brings keyv in; the core loads it only for a backend named in a config.
providePeer('keyv', Keyv);

export { KeyvCache, createKeyvBackend, type KeyvCacheOptions } from './keyv-cache.js';
