import * as crypto from 'node:crypto';
import { Cache } from '../../src/index.js';
import { reprArgs } from '../../src/keys/repr.js';
import type { Servers } from './servers.js';

/** Which backend a group runs on. */
export type BackendKind = 'memory' | 'redis' | 'memcached';

let prefixSeq = 0;

/**
 * A decocache Cache on one backend. SimpleCache gets a threshold above what a run stores because
 * the peers' memory stores are unbounded (a Map, Keyv's Map) or large (bentocache's LRU); the
 * default threshold of 500 is measured separately in the miss scenario. Remote backends share the
 * raw client's connection (Redis) or server (memcached), under a fresh prefix per cache.
 */
export function decocache(kind: BackendKind, servers: Servers | undefined, threshold = 10_000_000): Cache {
  const keyPrefix = `bench${++prefixSeq}_`;
  if (kind === 'memory') return new Cache({ type: 'SimpleCache', threshold, defaultTimeout: 300 });
  if (!servers) throw new Error(`${kind} needs the servers`);
  if (kind === 'redis') return new Cache({ type: 'RedisCache', client: servers.redis, keyPrefix, defaultTimeout: 300 });
  return new Cache({ type: 'MemcachedCache', memcachedServers: `127.0.0.1:${servers.memcachedPort}`, keyPrefix, defaultTimeout: 300 });
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
export function reprKey(fname: string, args: readonly unknown[]): string {
  return hash('sha256', fname + reprArgs(args, fname), 'buffer').toString('base64').slice(0, 16);
}

/** Whether a module exports something, for scenarios that depend on files others are writing. */
export async function tryImport<T>(path: string): Promise<T | undefined> {
  try {
    return (await import(path)) as T;
  } catch {
    return undefined;
  }
}
