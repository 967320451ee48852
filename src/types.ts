import type { Backend } from './backends/backend.js';
import type { Serializer } from './codec/serializer.js';

/** Names of the built-in backends accepted by `type`. */
export type BackendName =
  | 'NullCache'
  | 'SimpleCache'
  | 'FileSystemCache'
  | 'RedisCache'
  | 'RedisSentinelCache'
  | 'RedisClusterCache'
  | 'MemcachedCache'
  | 'SASLMemcachedCache'
  | 'SpreadSASLMemcachedCache'
  | 'KeyvCache';

/** A digest algorithm by name, or a function returning the digest bytes of a string. */
export type HashMethod = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | ((data: string) => Uint8Array);

/** Where log lines go; `console` fits. */
export interface Logger {
  /** Something went wrong but the call went on (backend errors under fail-open). */
  warn(message: string, ...meta: unknown[]): void;
  /** Something the user should fix. */
  error(message: string, ...meta: unknown[]): void;
  /** Detail for debugging: every decorated hit and miss with `logHits` or `debug`. */
  debug?(message: string, ...meta: unknown[]): void;
}

/** A host and port, as used for Sentinel and Cluster nodes. */
export interface HostPort {
  /** Host name or address. */
  host: string;
  /** TCP port. */
  port: number;
}

/** When to stop calling a backend that keeps failing, and for how long. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  failures?: number;
  /** Milliseconds the circuit stays open before one call is let through; default 5000. */
  cooldownMs?: number;
}

/** The in-process tier in front of a shared backend (`local` in the config). */
export interface LocalTierOptions {
  /** Entries kept before the least recently used go; default 10000 (no count bound when only maxBytes is set). */
  maxEntries?: number;
  /** Approximate bytes kept: 2 per character of each key and stored string, plus a fixed overhead per entry. */
  maxBytes?: number;
  /** Seconds a local value lives at most, whatever the shared backend's expiry; default 60, required without a bus. */
  ttl?: number;
}

/** The invalidation bus: `true` for the cache's own Redis, or the Redis to use beside another backend. */
export type BusOption = boolean | { redisUrl: string };

/** Configuration of a Cache; every field is optional. */
export interface CacheConfig {
  /** A backend name, a Backend instance, or a factory `(config) => Backend`; default `'SimpleCache'`. */
  type?: BackendName | Backend | ((config: CacheConfig) => Backend | Promise<Backend>);
  /** Seconds an entry lives when no timeout is given; `0` = forever; default 300. */
  defaultTimeout?: number;
  /** Prepended to every key; default `'decocache_'` on Redis and Memcached, `''` in process. */
  keyPrefix?: string;
  /** Entries kept by SimpleCache and FileSystemCache before pruning; default 500. */
  threshold?: number;
  /** Directory of FileSystemCache. */
  dir?: string;
  /** `deleteMany` reports instead of throwing when some keys could not be deleted. */
  ignoreErrors?: boolean;
  /** Include the function's source in memoize and cached keys, so a code change misses. */
  sourceCheck?: boolean;
  /** Digest of memoize and cached keys; default `'sha256'`. */
  hashMethod?: HashMethod;
  /** How values become stored strings; default the safe JSON-based one. */
  serializer?: Serializer;
  /** `redis://`, `rediss://` or `unix://` URL; wins over host, port and password. */
  redisUrl?: string;
  /** Redis host; default `'localhost'`. */
  redisHost?: string;
  /** Redis port; default 6379. */
  redisPort?: number;
  /** Redis password. */
  redisPassword?: string;
  /** Redis database number; default 0. */
  redisDb?: number;
  /** Sentinels as `[{ host, port }]` or `'h1:p1,h2:p2'`. */
  redisSentinels?: HostPort[] | string;
  /** Name of the master the sentinels watch; default `'mymaster'`. */
  redisSentinelMaster?: string;
  /** Password of the sentinels themselves. */
  redisSentinelPassword?: string;
  /** Cluster start-up nodes as `[{ host, port }]` or `'h1:p1,h2:p2'`. */
  redisCluster?: HostPort[] | string;
  /** Memcached servers as `['h:p']` or `'h1:p1,h2:p2'`; default `'127.0.0.1:11211'`. */
  memcachedServers?: string[] | string;
  /** SASL user name for Memcached. */
  memcachedUsername?: string;
  /** SASL password for Memcached. */
  memcachedPassword?: string;
  /** An existing ioredis, memjs or Keyv client; the cache never closes it. */
  client?: unknown;
  /** Passed to the client the backend builds. */
  options?: Record<string, unknown>;
  /** Milliseconds every backend call may take before it counts as failed; default 1000 on shared backends, none in process. */
  operationTimeout?: number;
  /** Stop calling a failing backend for a while; `false` turns it off. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Where errors are reported; default `console`. */
  logger?: Logger;
  /** Re-throw backend errors from decorated calls instead of running uncached, and log every hit and miss as `logHits` does. */
  debug?: boolean;
  /** Log every decorated hit and miss through `logger.debug` (function name and full key); errors still fail open. */
  logHits?: boolean;
  /** Let `clear()` wipe a shared server when `keyPrefix` is empty (FLUSHDB / flush_all). */
  allowClearAll?: boolean;
  /** An in-process LRU tier in front of the shared backend, kept in step by the bus. */
  local?: LocalTierOptions;
  /** Redis pub/sub that tells every process what was written; default `true` with a Redis backend and `local`. */
  bus?: BusOption;
}
