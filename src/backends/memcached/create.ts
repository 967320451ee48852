import type { Backend } from '../backend.js';
import type { CacheConfig } from '../../types.js';
import { serverList, type MemcachedBackendOptions, type MemjsClient } from './connect.js';
import { MemcachedCache, SASLMemcachedCache } from './memcached-backend.js';
import { SpreadSASLMemcachedCache } from './spread.js';

/** The memcached backend names the Cache config accepts. */
export type MemcachedKind = 'MemcachedCache' | 'SASLMemcachedCache' | 'SpreadSASLMemcachedCache';

/**
 * Builds a memcached backend from a Cache config (`memcachedServers`, `memcachedUsername`,
 * `memcachedPassword`, `client`, `options`, `operationTimeout`, `keyPrefix`).
 * @example
 * const backend = createMemcachedBackend('SASLMemcachedCache', { memcachedServers: 'mc.example:11211', memcachedUsername: 'u', memcachedPassword: 'p' });
 */
export function createMemcachedBackend(kind: MemcachedKind, config: CacheConfig): Backend {
  const client = config.client;
  if (client !== undefined && !isMemjsClient(client)) throw new TypeError(`client must be a memjs Client for ${kind}`);
  const options: MemcachedBackendOptions = {
    servers: config.memcachedServers === undefined ? undefined : serverList(config.memcachedServers, 'memcachedServers'),
    username: config.memcachedUsername,
    password: config.memcachedPassword,
    options: config.options,
    operationTimeout: config.operationTimeout,
    keyPrefix: config.keyPrefix,
  };
  if (client !== undefined) options.client = client;
  if (kind === 'MemcachedCache') return new MemcachedCache(options);
  if (kind === 'SASLMemcachedCache') return new SASLMemcachedCache(options);
  return new SpreadSASLMemcachedCache(options);
}

function isMemjsClient(value: unknown): value is MemjsClient {
  const c = value as Partial<MemjsClient> | null;
  return typeof c === 'object' && c !== null && typeof c.perform === 'function' && typeof c.incrSeq === 'function' && Array.isArray(c.servers);
}
