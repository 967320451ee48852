import * as ioredis from 'ioredis';
import { providePeer } from '../peers.js';

// Importing this subpath is what brings ioredis in; the core loads it only for a backend named in a config.
providePeer('ioredis', ioredis);

export { RedisCache, RedisClusterCache, RedisSentinelCache } from './caches.js';
export { RedisBackend } from './redis-backend.js';
export { failFastOptions, parseHostPorts, type RedisBackendOptions } from './connect.js';
export { createRedisBackend, type RedisBackendKind } from './create.js';
