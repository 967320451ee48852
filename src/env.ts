import type { BackendName, CacheConfig } from './types.js';

/**
 * Reads Flask-Caching's environment variables into a CacheConfig. Without CACHE_TYPE the backend
 * follows from what is set: MEMCACHIER_* → SASLMemcachedCache, CACHE_REDIS_CLUSTER, CACHE_REDIS_SENTINELS,
 * CACHE_REDIS_URL/HOST, CACHE_MEMCACHED_SERVERS, CACHE_DIR; nothing → SimpleCache.
 */
export function configFromEnv(env: Record<string, string | undefined>): CacheConfig {
  const config: CacheConfig = {};
  const text = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const int = (name: string) => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw.trim())) throw new TypeError(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
    return Number(raw);
  };
  assign(config, 'defaultTimeout', int('CACHE_DEFAULT_TIMEOUT'));
  assign(config, 'keyPrefix', env['CACHE_KEY_PREFIX']);
  assign(config, 'threshold', int('CACHE_THRESHOLD'));
  assign(config, 'dir', text('CACHE_DIR'));
  assign(config, 'redisUrl', text('CACHE_REDIS_URL'));
  assign(config, 'redisHost', text('CACHE_REDIS_HOST'));
  assign(config, 'redisPort', int('CACHE_REDIS_PORT'));
  assign(config, 'redisPassword', text('CACHE_REDIS_PASSWORD'));
  assign(config, 'redisDb', int('CACHE_REDIS_DB'));
  assign(config, 'redisSentinels', text('CACHE_REDIS_SENTINELS'));
  assign(config, 'redisSentinelMaster', text('CACHE_REDIS_SENTINEL_MASTER'));
  assign(config, 'redisSentinelPassword', text('CACHE_REDIS_SENTINEL_PASSWORD'));
  assign(config, 'redisCluster', text('CACHE_REDIS_CLUSTER'));
  assign(config, 'memcachedServers', text('MEMCACHIER_SERVERS') ?? text('CACHE_MEMCACHED_SERVERS'));
  assign(config, 'memcachedUsername', text('MEMCACHIER_USERNAME') ?? text('CACHE_MEMCACHED_USERNAME'));
  assign(config, 'memcachedPassword', text('MEMCACHIER_PASSWORD') ?? text('CACHE_MEMCACHED_PASSWORD'));
  const ignore = text('CACHE_IGNORE_ERRORS');
  if (ignore !== undefined) config.ignoreErrors = /^(1|true|yes)$/i.test(ignore);
  const source = text('CACHE_SOURCE_CHECK');
  if (source !== undefined) config.sourceCheck = /^(1|true|yes)$/i.test(source);
  config.type = (text('CACHE_TYPE') as BackendName | undefined) ?? inferType(env, config);
  return config;
}

function inferType(env: Record<string, string | undefined>, config: CacheConfig): BackendName {
  if (env['MEMCACHIER_SERVERS']) return 'SASLMemcachedCache';
  if (config.redisCluster) return 'RedisClusterCache';
  if (config.redisSentinels) return 'RedisSentinelCache';
  if (config.redisUrl || config.redisHost) return 'RedisCache';
  if (config.memcachedServers) return config.memcachedUsername ? 'SASLMemcachedCache' : 'MemcachedCache';
  if (config.dir) return 'FileSystemCache';
  return 'SimpleCache';
}

function assign<K extends keyof CacheConfig>(config: CacheConfig, key: K, value: CacheConfig[K] | undefined): void {
  if (value !== undefined) config[key] = value;
}
