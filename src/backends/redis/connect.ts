import type { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import type { HostPort } from '../../types.js';
import { peer } from '../peers.js';

/** Options shared by the three Redis backends; a `client` wins over everything that describes a connection. */
export interface RedisBackendOptions {
  /** An existing ioredis client; the backend never closes it. */
  client?: Redis | Cluster;
  /** `redis://`, `rediss://` or `unix://` URL; wins over host, port and password. */
  url?: string;
  /** Redis host; default `'localhost'`. */
  host?: string;
  /** Redis port; default 6379. */
  port?: number;
  /** Password of the Redis server (every cluster node, or the master behind the sentinels). */
  password?: string;
  /** Database number; default 0 (not used by Cluster). */
  db?: number;
  /** Sentinel addresses, for RedisSentinelCache. */
  sentinels?: HostPort[];
  /** Name of the master the sentinels watch; default `'mymaster'`. */
  master?: string;
  /** Password of the sentinels themselves. */
  sentinelPassword?: string;
  /** Cluster start-up nodes, for RedisClusterCache. */
  nodes?: HostPort[];
  /** Extra ioredis options, merged over the fail-fast defaults (for Cluster: ClusterOptions). */
  options?: Record<string, unknown>;
  /** Milliseconds a command may wait for its reply before ioredis rejects it; default 1000. */
  commandTimeout?: number;
}

// Research §4: ioredis defaults take 10 s (v5) to 73 s (v6) to reject against a dead server and
// never reject against a hung one; these reject in ~30 ms / commandTimeout and reconnect within 0.5 s.
const retryStrategy = (times: number): number => Math.min(times * 50, 500);

/**
 * ioredis options that make a dead or hung server fail fast and a restarted one come back quickly.
 * No auto-pipelining: the read batcher already turns concurrent hits into few MGETs, and with it on
 * (benchmarks/auto-pipelining.ts, interleaved rounds) a sequential memoized hit cost 38-41 µs of CPU
 * instead of 22-25 and 64 concurrent hits 6-8 µs each instead of 5; misses came out even.
 */
export function failFastOptions(commandTimeout = 1000): RedisOptions {
  return { maxRetriesPerRequest: 1, commandTimeout, retryStrategy, connectTimeout: 2000 };
}

// Without a listener ioredis prints "Unhandled error event" on every reconnect attempt; command
// failures still reach their callers, which is where the Cache reports them.
function quiet<T extends Redis | Cluster>(client: T): T {
  client.on('error', () => {});
  return client;
}

/** Builds a standalone client from a URL or host/port/password/db. */
export function connectStandalone(o: RedisBackendOptions): Redis {
  const { Redis } = peer('ioredis', 'RedisCache');
  const base: RedisOptions = { ...failFastOptions(o.commandTimeout), ...o.options };
  if (o.url?.startsWith('unix://')) {
    const { pathname, searchParams } = new URL(o.url);
    const db = searchParams.get('db');
    return quiet(new Redis({ ...base, path: pathname, password: o.password, db: db === null ? o.db : Number(db) }));
  }
  if (o.url !== undefined) return quiet(new Redis(o.url, base));
  return quiet(new Redis({ ...base, host: o.host ?? 'localhost', port: o.port ?? 6379, password: o.password, db: o.db }));
}

/** Builds a client that asks the sentinels for the current master and follows failovers. */
export function connectSentinel(o: RedisBackendOptions): Redis {
  if (!o.sentinels?.length) throw new TypeError('RedisSentinelCache needs `sentinels` (redisSentinels): a list of { host, port }.');
  const { Redis } = peer('ioredis', 'RedisSentinelCache');
  return quiet(new Redis({
    ...failFastOptions(o.commandTimeout),
    sentinelRetryStrategy: retryStrategy,
    // After a failover the old master comes back as a replica; a write there means "reconnect and ask again".
    reconnectOnError: (err: Error) => err.message.startsWith('READONLY'),
    // Subscribes to +switch-master, so the client moves at the switch instead of at the first READONLY.
    failoverDetector: true,
    ...o.options,
    sentinels: o.sentinels,
    name: o.master ?? 'mymaster',
    password: o.password,
    sentinelPassword: o.sentinelPassword,
    db: o.db,
  }));
}

/** Builds a Cluster client whose per-node connections fail fast like the standalone one. */
export function connectCluster(o: RedisBackendOptions): Cluster {
  if (!o.nodes?.length) throw new TypeError('RedisClusterCache needs `nodes` (redisCluster): a list of { host, port }.');
  const { Cluster } = peer('ioredis', 'RedisClusterCache');
  const extra: ClusterOptions = { ...o.options };
  const options: ClusterOptions = {
    maxRedirections: 3,
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    retryDelayOnTryAgain: 50,
    clusterRetryStrategy: retryStrategy,
    ...extra,
    redisOptions: { ...failFastOptions(o.commandTimeout), password: o.password, ...extra.redisOptions },
  };
  return quiet(new Cluster(o.nodes, options));
}

/** Parses `'h1:p1,h2:p2'` or validates `[{ host, port }]`, throwing a TypeError that names `field`. */
export function parseHostPorts(value: unknown, field: string): HostPort[] {
  const bad = (why: string): TypeError =>
    new TypeError(`${field} must be 'host:port,host:port' or an array of { host, port } (${why}).`);
  const list: unknown[] = typeof value === 'string'
    ? value.split(',').map((s) => s.trim()).filter((s) => s !== '').map((entry) => {
      const at = entry.lastIndexOf(':');
      if (at <= 0) throw bad(`"${entry}" has no port`);
      return { host: entry.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(entry.slice(at + 1)) };
    })
    : Array.isArray(value) ? value : [];
  if (typeof value !== 'string' && !Array.isArray(value)) throw bad(`got ${typeof value}`);
  if (list.length === 0) throw bad('it is empty');
  return list.map((item) => {
    const { host, port } = (item ?? {}) as Partial<HostPort>;
    if (typeof host !== 'string' || host === '') throw bad(`a host is missing in ${JSON.stringify(item)}`);
    if (!Number.isInteger(port) || port! < 1 || port! > 65535) throw bad(`port of "${host}" is not 1-65535`);
    return { host, port: port! };
  });
}

/** Whether a value looks like an ioredis Redis or Cluster client (duck-typed, so a second copy of ioredis works too). */
export function isRedisClient(value: unknown): value is Redis | Cluster {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.get === 'function' && typeof c.pipeline === 'function' && typeof c.isCluster === 'boolean';
}
