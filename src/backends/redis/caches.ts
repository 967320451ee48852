import type { Cluster, Redis } from 'ioredis';
import { connectCluster, connectSentinel, connectStandalone, isRedisClient, type RedisBackendOptions } from './connect.js';
import { RedisBackend } from './redis-backend.js';

function givenClient(options: RedisBackendOptions, backend: string): Redis | Cluster | undefined {
  if (options.client === undefined) return undefined;
  if (!isRedisClient(options.client)) throw new TypeError(`${backend}: \`client\` must be an ioredis Redis or Cluster instance.`);
  return options.client;
}

/**
 * A single Redis server (or any Redis-protocol server) reached by URL or host and port.
 *
 * @example
 * const backend = new RedisCache({ url: 'redis://localhost:6379/0' });
 */
export class RedisCache extends RedisBackend {
  /** Backend name used in logs. */
  readonly name = 'RedisCache';

  constructor(options: RedisBackendOptions = {}) {
    const client = givenClient(options, 'RedisCache');
    super(client ?? connectStandalone(options), client === undefined);
  }
}

/**
 * The master of a Sentinel-managed set: ioredis asks the sentinels where it is and follows failovers.
 *
 * @example
 * const backend = new RedisSentinelCache({ sentinels: [{ host: '10.0.0.5', port: 26379 }], master: 'mymaster' });
 */
export class RedisSentinelCache extends RedisBackend {
  /** Backend name used in logs. */
  readonly name = 'RedisSentinelCache';

  constructor(options: RedisBackendOptions = {}) {
    const client = givenClient(options, 'RedisSentinelCache');
    super(client ?? connectSentinel(options), client === undefined);
  }
}

/**
 * A Redis Cluster: multi-key calls are split so they never cross slots, and clear/deletePattern
 * scan every master.
 *
 * @example
 * const backend = new RedisClusterCache({ nodes: [{ host: '10.0.0.7', port: 7000 }] });
 */
export class RedisClusterCache extends RedisBackend {
  /** Backend name used in logs. */
  readonly name = 'RedisClusterCache';

  constructor(options: RedisBackendOptions = {}) {
    const client = givenClient(options, 'RedisClusterCache');
    if (client !== undefined && !client.isCluster) {
      throw new TypeError('RedisClusterCache: `client` must be an ioredis Cluster; use RedisCache for a single server.');
    }
    super(client ?? connectCluster(options), client === undefined);
  }
}
