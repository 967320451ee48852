import * as crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Cache, CacheConfig } from '../../src/index.js';
import type { DecocacheModule } from './build.js';
import type { Servers } from './servers.js';

/** Which backend a group runs on. */
export type BackendKind = 'memory' | 'redis' | 'memcached';

let prefixSeq = 0;

/**
 * Seconds every stored entry of a run lives (decocache, the peers, the raw rows): a day, because a
 * group is built at the start and measured in passes until the end of a run of several minutes,
 * and an entry that expired mid-run would turn hit rows into silent misses.
 */
export const TTL_S = 86_400;

/**
 * Which decocache a row runs: this checkout's, or with `--ref=DIR` also another checkout's
 * (e.g. the commit before an optimisation), measured interleaved in the same process; each
 * compiled by tsc and loaded natively (lib/build.ts).
 */
export interface Build {
  /** Row-name prefix: `decocache` or `decocache (ref)`. */
  label: string;
  kind: 'decocache' | 'ref';
  mod: DecocacheModule;
}

/** What a decocache subject may override: the SimpleCache threshold, a Redis client, extra config. */
export interface SubjectOptions {
  threshold?: number;
  /** An ioredis client to hand to RedisCache instead of letting it build its own. */
  client?: Redis;
  /** Config fields added as they are (options other work adds, e.g. `local`), unchecked here. */
  extra?: Record<string, unknown>;
}

/**
 * A decocache Cache on one backend. SimpleCache gets a threshold above what a run stores because
 * the peers' memory stores are unbounded (a Map, Keyv's Map) or large (bentocache's LRU); the
 * default threshold of 500 is measured separately in the miss scenario. Remote caches build their
 * own client from an address, as a user's would (for Redis: auto-pipelining and the fail-fast
 * options of src/backends/redis/connect.ts), under a fresh prefix per cache.
 */
export function decocache(build: Build, kind: BackendKind, servers: Servers | undefined, options: SubjectOptions = {}): Cache {
  const keyPrefix = `bench${++prefixSeq}_`;
  const Make = build.mod.Cache;
  const make = (config: Record<string, unknown>): Cache => new Make({ ...config, ...options.extra, defaultTimeout: TTL_S } as CacheConfig);
  if (kind === 'memory') return make({ type: 'SimpleCache', threshold: options.threshold ?? 10_000_000 });
  if (!servers) throw new Error(`${kind} needs the servers`);
  if (kind === 'redis') {
    const where = options.client ? { client: options.client } : { redisUrl: `redis://127.0.0.1:${servers.redisPort}` };
    return make({ type: 'RedisCache', ...where, keyPrefix });
  }
  return make({ type: 'MemcachedCache', memcachedServers: `127.0.0.1:${servers.memcachedPort}`, keyPrefix });
}

/** The client a remote Cache reads through (the one it built), for the raw rows to use the same. */
export async function clientOf<T>(cache: Cache): Promise<T> {
  return ((await cache.backend()) as unknown as { client: T }).client;
}

/** Resolves once a lazily built backend (Redis, memcached) is connected. */
export async function ready(cache: Cache): Promise<Cache> {
  await cache.backend();
  return cache;
}

type Oneshot = (algorithm: string, data: string, encoding: 'buffer') => Buffer;
const hash = (crypto as unknown as { hash: Oneshot }).hash;

/**
 * The key decocache builds for a function call, computed directly: repr of the arguments, sha256,
 * first 16 base64 characters. The "keyed floor" times this plus `await map.get(key)`, which is the
 * least any cache keyed on a deterministic repr of all arguments can cost.
 */
export function reprKey(build: Build, fname: string, args: readonly unknown[]): string {
  return hash('sha256', fname + build.mod.reprArgs(args, fname), 'buffer').toString('base64').slice(0, 16);
}
