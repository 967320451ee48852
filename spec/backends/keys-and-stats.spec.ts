import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Cache, type CacheConfig } from '../../src/index.js';
import { sleep } from '../helpers/servers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'decocache-keys-'));
const redis = inject('redis');
const sentinel = inject('sentinel');
const cluster = inject('cluster');
const memcached = inject('memcached');
const opened: Cache[] = [];

afterAll(async () => {
  for (const cache of opened) {
    await cache.clear().catch(() => {});
    await cache.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Two caches over one store under two prefixes, so a listing must keep to its own prefix. */
function pair(config: CacheConfig) {
  const run = `ks${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const mine = new Cache({ ...config, keyPrefix: `${run}_a_` });
  const theirs = new Cache({ ...config, keyPrefix: `${run}_b_` });
  opened.push(mine, theirs);
  return { mine, theirs };
}

const enumerating: [string, CacheConfig][] = [
  ['SimpleCache', { type: 'SimpleCache' }],
  ['FileSystemCache', { type: 'FileSystemCache', dir }],
  ['RedisCache', { type: 'RedisCache', redisHost: redis.host, redisPort: redis.port }],
  ['RedisSentinelCache', { type: 'RedisSentinelCache', redisSentinels: sentinel.sentinels, redisSentinelMaster: sentinel.name }],
  ['RedisClusterCache', { type: 'RedisClusterCache', redisCluster: cluster }],
  ['KeyvCache (in-memory Keyv)', { type: 'KeyvCache' }],
];

describe.each(enumerating)('%s: backend.keys(glob)', (_name, config) => {
  it('lists the live keys matching the glob, prefix included, and none of another prefix', async () => {
    const { mine, theirs } = pair(config);
    // Enough keys to land on every master of the cluster.
    const products = Array.from({ length: 20 }, (_, i) => `product:${i}`);
    await mine.setMany(Object.fromEntries(products.map((k) => [k, 1])));
    await mine.set('user:1', 1);
    await theirs.set('product:99', 1);
    const backend = await mine.backend();
    const found = await backend.keys!(`${mine.keyPrefix}product:*`);
    expect(found.sort()).toEqual(products.map((k) => mine.keyPrefix + k).sort());
    expect(await backend.keys!(`${mine.keyPrefix}order:*`)).toEqual([]);
  });
});

const withStats: [string, CacheConfig, boolean][] = [
  ['SimpleCache', { type: 'SimpleCache' }, false],
  ['FileSystemCache', { type: 'FileSystemCache', dir }, false],
  ['RedisCache', { type: 'RedisCache', redisHost: redis.host, redisPort: redis.port }, true],
  ['RedisClusterCache', { type: 'RedisClusterCache', redisCluster: cluster }, true],
];

describe.each(withStats)('%s: backend.stats(prefix)', (_name, config, server) => {
  it('counts the live keys under the prefix and the bytes in use', async () => {
    const { mine, theirs } = pair(config);
    await mine.setMany({ a: 'x'.repeat(100), b: 2, c: 3 });
    await mine.set('soon', 1, 1);
    await theirs.set('a', 1);
    await sleep(1100);
    const backend = await mine.backend();
    const stats = await backend.stats!(mine.keyPrefix);
    expect(stats.keys).toBe(3);
    expect(stats.bytes).toBeGreaterThan(100);
    if (server) {
      expect(stats.hits).toBeGreaterThanOrEqual(0);
      expect(stats.misses).toBeGreaterThanOrEqual(0);
    } else {
      expect(stats.hits).toBeUndefined();
    }
  });
});

describe('MemcachedCache: backend.stats(prefix)', () => {
  it('reports server memory and get hits and misses, and leaves the key count out', async () => {
    const { mine } = pair({ type: 'MemcachedCache', memcachedServers: memcached });
    await mine.set('a', 1);
    const backend = await mine.backend();
    const before = await backend.stats!(mine.keyPrefix);
    await mine.get('a');
    await mine.get('missing');
    const after = await backend.stats!(mine.keyPrefix);
    expect(after.keys).toBeUndefined();
    expect(after.bytes).toBeGreaterThan(0);
    expect(after.hits).toBeGreaterThan(before.hits!);
    expect(after.misses).toBeGreaterThan(before.misses!);
    expect(backend.keys).toBeUndefined();
  });
});
