import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { NotAnIntegerError } from '../../src/errors.js';
import { RedisCache, RedisClusterCache, createRedisBackend } from '../../src/backends/redis/index.js';
import { sleep } from '../helpers/servers/process.js';
import { Cache } from '../../src/index.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';

const { host, port } = inject('redis');
const P = 'redis_spec_';
let backend: RedisCache;
let raw: Redis;

beforeAll(() => {
  backend = new RedisCache({ host, port });
  raw = new Redis({ host, port });
  raw.on('error', () => {});
});
afterAll(async () => {
  await backend.clear(P);
  await backend.close();
  raw.disconnect();
});

describe('RedisCache', () => {
  it('describes itself as a shared, server-wide backend with the decocache_ prefix', () => {
    expect(backend.name).toBe('RedisCache');
    expect(backend.shared).toBe(true);
    expect(backend.serverWide).toBe(true);
    expect(backend.defaultKeyPrefix).toBe('decocache_');
  });

  it('set(key, value, ttl) stores with EX, and ttl 0 stores without expiry', async () => {
    expect(await backend.set(`${P}ttl`, 'v', 100)).toBe(true);
    expect(await raw.ttl(`${P}ttl`)).toBeGreaterThan(95);
    expect(await backend.set(`${P}forever`, 'v', 0)).toBe(true);
    expect(await raw.ttl(`${P}forever`)).toBe(-1);
    expect(await backend.get(`${P}ttl`)).toBe('v');
    expect(await backend.get(`${P}missing`)).toBeUndefined();
  });

  it('an entry is gone once its ttl has passed', async () => {
    await backend.set(`${P}short`, 'v', 1);
    expect(await backend.has(`${P}short`)).toBe(true);
    await sleep(1100);
    expect(await backend.has(`${P}short`)).toBe(false);
    expect(await backend.get(`${P}short`)).toBeUndefined();
  });

  it('add() is atomic: 50 concurrent adds of one key store exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => backend.add(`${P}race`, String(i), 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await backend.get(`${P}race`)).toBe(String(results.indexOf(true)));
    expect(await raw.ttl(`${P}race`)).toBeGreaterThan(55);
  });

  it('inc() is atomic: 1000 concurrent increments from two clients end at exactly 1000', async () => {
    const other = new RedisCache({ host, port });
    try {
      await Promise.all(Array.from({ length: 1000 }, (_, i) => (i % 2 ? backend : other).inc(`${P}counter`, 1)));
      expect(await backend.get(`${P}counter`)).toBe('1000');
    } finally {
      await other.close();
    }
  });

  it('inc() keeps the expiry and rejects a non-integer with NotAnIntegerError', async () => {
    await backend.set(`${P}n`, '41', 100);
    expect(await backend.inc(`${P}n`, 1)).toBe(42);
    expect(await backend.inc(`${P}n`, -50)).toBe(-8);
    expect(await raw.ttl(`${P}n`)).toBeGreaterThan(95);
    await backend.set(`${P}text`, '!"x"', 0);
    await expect(backend.inc(`${P}text`, 1)).rejects.toBeInstanceOf(NotAnIntegerError);
  });

  it('touch(key, ttl) only lengthens: EXPIRE GT, PERSIST for 0, and false for a missing key', async () => {
    await backend.set(`${P}t`, 'v', 100);
    expect(await backend.touch(`${P}t`, 10)).toBe(true);
    expect(await raw.ttl(`${P}t`)).toBeGreaterThan(95);
    expect(await backend.touch(`${P}t`, 500)).toBe(true);
    expect(await raw.ttl(`${P}t`)).toBeGreaterThan(495);
    expect(await backend.touch(`${P}t`, 0)).toBe(true);
    expect(await raw.ttl(`${P}t`)).toBe(-1);
    expect(await backend.touch(`${P}t`, 10)).toBe(true);
    expect(await raw.ttl(`${P}t`)).toBe(-1);
    expect(await backend.touch(`${P}nope`, 10)).toBe(false);
    expect(await backend.touch(`${P}nope`, 0)).toBe(false);
  });

  it('getMany() is one MGET and setMany() one pipeline', async () => {
    const client = new Redis({ host, port });
    const counted = new RedisCache({ client });
    try {
      const pipeline = vi.spyOn(client, 'pipeline');
      expect(await counted.setMany([[`${P}a`, '1'], [`${P}b`, '2']], 100)).toEqual([`${P}a`, `${P}b`]);
      expect(pipeline).toHaveBeenCalledTimes(1);
      expect(await raw.ttl(`${P}b`)).toBeGreaterThan(95);
      const sent = vi.spyOn(client, 'sendCommand');
      expect(await counted.getMany([`${P}a`, `${P}none`, `${P}b`])).toEqual(['1', undefined, '2']);
      expect(sent.mock.calls.map(([c]) => c.name)).toEqual(['mget']);
      expect(await counted.getMany([])).toEqual([]);
    } finally {
      client.disconnect();
    }
  });

  it('getMany() calls issued in one tick share MGETs of at most 32 distinct keys, each caller getting its own values', async () => {
    const client = new Redis({ host, port });
    const counted = new RedisCache({ client });
    try {
      await counted.setMany(Array.from({ length: 64 }, (_, i) => [`${P}batch${i}`, `v${i}`] as const), 100);
      const sent = vi.spyOn(client, 'sendCommand');
      const reads = Array.from({ length: 64 }, (_, i) => counted.getMany([`${P}shared`, `${P}batch${i}`, `${P}batch${(i + 1) % 64}`]));
      const values = await Promise.all(reads);
      values.forEach((v, i) => expect(v).toEqual([undefined, `v${i}`, `v${(i + 1) % 64}`]));
      const mgets = sent.mock.calls.map(([c]) => c).filter((c) => c.name === 'mget');
      expect(mgets.length).toBeLessThanOrEqual(3);
      for (const c of mgets) expect(new Set(c.args).size).toBe(c.args.length);
      expect(mgets.flatMap((c) => c.args).filter((k) => k === `${P}shared`).length).toBe(mgets.length);
      sent.mockClear();
      expect(await counted.getMany(Array.from({ length: 40 }, (_, i) => `${P}batch${i}`))).toHaveLength(40);
      expect(sent.mock.calls.map(([c]) => c.name)).toEqual(['mget']);
    } finally {
      client.disconnect();
    }
  });

  it('a failed batched MGET rejects every caller in the batch', async () => {
    const client = new Redis({ host, port, enableOfflineQueue: false, lazyConnect: true });
    client.on('error', () => {});
    const offline = new RedisCache({ client });
    const reads = [offline.getMany([`${P}a`]), offline.getMany([`${P}b`, `${P}a`])];
    const settled = await Promise.allSettled(reads);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    client.disconnect();
  });

  it('delete(), deleteMany() and unlink() report what existed and what is now absent', async () => {
    await backend.setMany([[`${P}d1`, '1'], [`${P}d2`, '2'], [`${P}d3`, '3'], [`${P}d4`, '4']], 0);
    expect(await backend.delete(`${P}d1`)).toBe(true);
    expect(await backend.delete(`${P}d1`)).toBe(false);
    expect(await backend.deleteMany([`${P}d2`, `${P}never`])).toEqual([`${P}d2`, `${P}never`]);
    expect(await backend.unlink([`${P}d3`, `${P}d4`])).toEqual([`${P}d3`, `${P}d4`]);
    expect(await raw.exists(`${P}d2`, `${P}d3`, `${P}d4`)).toBe(0);
  });

  it('deletePattern(glob) removes matching keys by SCAN and counts them', async () => {
    const keys = Array.from({ length: 1500 }, (_, i) => [`${P}pat_${i}`, 'v'] as const);
    await backend.setMany(keys, 0);
    await backend.set(`${P}other`, 'v', 0);
    expect(await backend.deletePattern(`${P}pat_*`)).toBe(1500);
    expect(await backend.has(`${P}other`)).toBe(true);
  });

  it('clear(prefix) leaves other prefixes alone, even when the prefix holds glob characters', async () => {
    await backend.setMany([['a*b_1', 'v'], ['a*b_2', 'v'], ['axxb_1', 'v'], ['a?b_[x]', 'v'], ['a?b_y', 'v']], 0);
    expect(await backend.clear('a*b_')).toBe(true);
    expect(await backend.clear('a?b_[')).toBe(true);
    expect(await raw.exists('a*b_1', 'a*b_2', 'a?b_[x]')).toBe(0);
    expect(await raw.exists('axxb_1', 'a?b_y')).toBe(2);
    await raw.del('axxb_1', 'a?b_y');
  });

  it("clear('') flushes only the selected database", async () => {
    const db7 = new RedisCache({ host, port, db: 7 });
    try {
      await db7.set('in_db7', 'v', 0);
      await backend.set(`${P}in_db0`, 'v', 0);
      expect(await db7.clear('')).toBe(true);
      expect(await db7.has('in_db7')).toBe(false);
      expect(await backend.has(`${P}in_db0`)).toBe(true);
    } finally {
      await db7.close();
    }
  });

  it('close() leaves a client passed in open and ends one it built', async () => {
    const client = new Redis({ host, port });
    const borrowed = new RedisCache({ client });
    await borrowed.set(`${P}c`, 'v', 10);
    await borrowed.close();
    expect(await client.get(`${P}c`)).toBe('v');
    client.disconnect();
    const own = new RedisCache({ host, port });
    await own.set(`${P}c`, 'w', 10);
    await own.close();
    expect(own.client.status).toBe('end');
  });
});

describe('createRedisBackend(kind, config)', () => {
  it('maps redisHost, redisPort and redisDb', async () => {
    const b = createRedisBackend('RedisCache', { redisHost: host, redisPort: port, redisDb: 3 });
    try {
      await b.set(`${P}mapped`, 'v', 10);
      expect(await raw.exists(`${P}mapped`)).toBe(0);
      const db3 = new Redis({ host, port, db: 3 });
      expect(await db3.get(`${P}mapped`)).toBe('v');
      await db3.del(`${P}mapped`);
      db3.disconnect();
    } finally {
      await b.close();
    }
  });

  it('maps redisUrl, which wins over redisHost and redisPort', async () => {
    const b = createRedisBackend('RedisCache', { redisUrl: `redis://${host}:${port}/0`, redisHost: 'nowhere.invalid', redisPort: 1 });
    try {
      expect(await b.set(`${P}url`, 'v', 10)).toBe(true);
      expect(await raw.get(`${P}url`)).toBe('v');
    } finally {
      await b.close();
    }
  });

  it('uses the client passed in and never closes it', async () => {
    const client = new Redis({ host, port });
    const b = createRedisBackend('RedisCache', { client });
    await b.set(`${P}given`, 'v', 10);
    await b.close();
    expect(await client.get(`${P}given`)).toBe('v');
    client.disconnect();
  });

  it('throws a TypeError naming the field for malformed config, before connecting', () => {
    expect(() => createRedisBackend('RedisClusterCache', { redisCluster: 'localhost' })).toThrow(/redisCluster/);
    expect(() => createRedisBackend('RedisClusterCache', { redisCluster: 'h:notaport' })).toThrow(/redisCluster/);
    expect(() => createRedisBackend('RedisClusterCache', {})).toThrow(/redisCluster/);
    expect(() => createRedisBackend('RedisSentinelCache', { redisSentinels: 'a:1,b' })).toThrow(/redisSentinels/);
    expect(() => createRedisBackend('RedisSentinelCache', { redisSentinels: [] })).toThrow(/redisSentinels/);
    expect(() => createRedisBackend('RedisSentinelCache', {})).toThrow(/redisSentinels/);
    expect(() => createRedisBackend('RedisCache', { redisPort: 70000 })).toThrow(/redisPort/);
    expect(() => createRedisBackend('RedisCache', { redisDb: -1 })).toThrow(/redisDb/);
    expect(() => createRedisBackend('RedisCache', { client: { get() {} } })).toThrow(TypeError);
  });

  it('RedisClusterCache refuses a standalone client', () => {
    const client = new Redis({ host, port, lazyConnect: true });
    expect(() => new RedisClusterCache({ client })).toThrow(/Cluster/);
    client.disconnect();
  });
});

runBackendSuite('RedisCache', () => new RedisCache({ host, port }), { atomic: true, deletePattern: true, unlink: true }, 'real');

describeBackendConformance('RedisCache', (keyPrefix) => new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix }), {
  realClock: true,
  enumerates: true,
});
