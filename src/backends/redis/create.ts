import type { CacheConfig } from '../../types.js';
import type { Backend } from '../backend.js';
import { RedisCache, RedisClusterCache, RedisSentinelCache } from './caches.js';
import { isRedisClient, parseHostPorts, type RedisBackendOptions } from './connect.js';

/** The Redis backend names `createRedisBackend` builds. */
export type RedisBackendKind = 'RedisCache' | 'RedisSentinelCache' | 'RedisClusterCache';

function optionalNumber(config: CacheConfig, field: 'redisPort' | 'redisDb'): number | undefined {
  const v = config[field];
  if (v === undefined) return undefined;
  const max = field === 'redisPort' ? 65535 : Number.MAX_SAFE_INTEGER;
  const min = field === 'redisPort' ? 1 : 0;
  if (!Number.isInteger(v) || v < min || v > max) throw new TypeError(`${field} must be an integer from ${min} to ${max}; got ${String(v)}.`);
  return v;
}

function clientOf(config: CacheConfig): RedisBackendOptions['client'] {
  if (config.client === undefined) return undefined;
  if (!isRedisClient(config.client)) throw new TypeError('client must be an ioredis Redis or Cluster instance for the Redis backends.');
  return config.client;
}

/**
 * Maps the Flask-style config fields (`redisUrl`, `redisHost`, `redisSentinels`, `redisCluster`, ...)
 * onto a Redis backend; invalid fields throw a TypeError naming them before any connection is made.
 *
 * @example
 * const backend = createRedisBackend('RedisClusterCache', { redisCluster: '10.0.0.7:7000,10.0.0.8:7000' });
 */
export function createRedisBackend(kind: RedisBackendKind, config: CacheConfig): Backend {
  const common: RedisBackendOptions = {
    client: clientOf(config),
    password: config.redisPassword,
    options: config.options,
    // ioredis then drops stalled commands on its own instead of piling them up behind the Cache's deadline.
    commandTimeout: config.operationTimeout ?? 1000,
  };
  switch (kind) {
    case 'RedisCache':
      return new RedisCache({
        ...common,
        url: config.redisUrl,
        host: config.redisHost,
        port: optionalNumber(config, 'redisPort'),
        db: optionalNumber(config, 'redisDb'),
      });
    case 'RedisSentinelCache': {
      if (common.client === undefined && config.redisSentinels === undefined) {
        throw new TypeError("redisSentinels is required for RedisSentinelCache: 'host:port,host:port' or [{ host, port }].");
      }
      return new RedisSentinelCache({
        ...common,
        sentinels: common.client ? undefined : parseHostPorts(config.redisSentinels, 'redisSentinels'),
        master: config.redisSentinelMaster ?? 'mymaster',
        sentinelPassword: config.redisSentinelPassword,
        db: optionalNumber(config, 'redisDb'),
      });
    }
    case 'RedisClusterCache': {
      if (common.client === undefined && config.redisCluster === undefined) {
        throw new TypeError("redisCluster is required for RedisClusterCache: 'host:port,host:port' or [{ host, port }].");
      }
      return new RedisClusterCache({
        ...common,
        nodes: common.client ? undefined : parseHostPorts(config.redisCluster, 'redisCluster'),
      });
    }
    default:
      throw new TypeError(`createRedisBackend: unknown kind ${String(kind)}; use RedisCache, RedisSentinelCache or RedisClusterCache.`);
  }
}
