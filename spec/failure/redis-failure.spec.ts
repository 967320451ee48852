import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { RedisSentinelCache, createRedisBackend } from '../../src/backends/redis/index.js';
import { HOST, hang, cli, removeDir, sleep, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { startRedis, startSentinelSet } from '../helpers/servers/redis.js';

// These servers belong to this file alone: killing them never disturbs the shared ones.
let dir: string;
const mine: Server[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
const quiet = { warn: (): void => {}, error: (): void => {} };

beforeAll(() => {
  dir = tempDir('decocache-redis-fail-');
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await Promise.all(mine.map((s) => stop(s, 'SIGKILL')));
  removeDir(dir);
});
afterEach(async () => {
  await sleep(50); // let stray rejections surface before judging
  expect(unhandled).toEqual([]);
});

async function own(s: Promise<Server>): Promise<Server> {
  const server = await s;
  mine.push(server);
  return server;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T | Error }> {
  const t0 = performance.now();
  const result = await run().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  return { ms: performance.now() - t0, result };
}

describe('RedisCache when its server dies', () => {
  it('rejects within milliseconds while the server is down and works again after it restarts on the same port', async () => {
    const srv = await own(startRedis(dir));
    const backend = createRedisBackend('RedisCache', { redisHost: HOST, redisPort: srv.port, operationTimeout: 300 });
    try {
      await backend.set('k', 'v', 0);
      await stop(srv, 'SIGKILL');
      const down = await timed(() => backend.get('k'));
      expect(down.result).toBeInstanceOf(Error);
      expect(down.ms).toBeLessThan(500);
      console.log(`[redis-failure] GET against a dead server rejected in ${down.ms.toFixed(0)} ms`);
      await own(startRedis(dir, srv.port));
      const t0 = Date.now();
      await expect.poll(() => backend.set('k2', 'back', 0).catch(() => false), { timeout: 5000, interval: 25 }).toBe(true);
      console.log(`[redis-failure] writes accepted ${Date.now() - t0} ms after the restart`);
      expect(await backend.get('k2')).toBe('back');
      expect(await backend.get('k')).toBeUndefined();
    } finally {
      await backend.close();
    }
  });

  it('rejects within commandTimeout when the server hangs, and recovers when it resumes', async () => {
    const srv = await own(startRedis(dir));
    const backend = createRedisBackend('RedisCache', { redisHost: HOST, redisPort: srv.port, operationTimeout: 300 });
    try {
      await backend.set('k', 'v', 0);
      await hang(srv);
      const hung = await timed(() => backend.get('k'));
      process.kill(srv.pid, 'SIGCONT');
      expect(hung.result).toBeInstanceOf(Error);
      expect(hung.ms).toBeGreaterThanOrEqual(250);
      expect(hung.ms).toBeLessThan(800);
      await expect.poll(() => backend.get('k').catch(() => 'down'), { timeout: 5000, interval: 25 }).toBe('v');
    } finally {
      await backend.close();
    }
  });
});

describe('memoized calls on a RedisCache whose server dies', () => {
  it('answer uncached within operationTimeout while it is down, and cache again after it restarts', async () => {
    const srv = await own(startRedis(dir));
    const cache = new Cache({
      type: 'RedisCache', redisHost: HOST, redisPort: srv.port, keyPrefix: 'fail_',
      operationTimeout: 300, circuitBreaker: { failures: 3, cooldownMs: 200 }, logger: quiet,
    });
    let errors = 0;
    cache.events.on('error', () => { errors++; });
    let runs = 0;
    const double = cache.memoize({ timeout: 60 })(async function double(n: number) {
      runs++;
      return n * 2;
    });
    try {
      expect(await double(1)).toBe(2);
      expect(await double(1)).toBe(2);
      expect(runs).toBe(1);
      await stop(srv, 'SIGKILL');
      let slowest = 0;
      for (let i = 0; i < 20; i++) {
        const call = await timed(() => double(i));
        slowest = Math.max(slowest, call.ms);
        expect(call.result).toBe(i * 2);
      }
      console.log(`[redis-failure] slowest memoized call with redis down: ${slowest.toFixed(0)} ms`);
      expect(slowest).toBeLessThan(300 + 200);
      expect(runs).toBe(21);
      expect(errors).toBeGreaterThan(0);
      await own(startRedis(dir, srv.port));
      await expect.poll(async () => {
        const before = runs;
        await double(100);
        await double(100);
        return runs - before;
      }, { timeout: 8000, interval: 100 }).toBe(0);
    } finally {
      await cache.close();
    }
  });
});

describe('RedisSentinelCache across a failover', () => {
  it('writes go on after the master is killed and a sentinel promotes the replica', async () => {
    const set = await startSentinelSet(dir, 1, 500);
    mine.push(set.master, set.replica, ...set.sentinels);
    const sentinels = set.sentinels.map((s) => ({ host: HOST, port: s.port }));
    const cache = new Cache({
      type: 'RedisSentinelCache', redisSentinels: sentinels, redisSentinelMaster: set.name, keyPrefix: 'fo_',
      operationTimeout: 300, circuitBreaker: { failures: 3, cooldownMs: 200 }, logger: quiet,
    });
    let runs = 0;
    const square = cache.memoize({ timeout: 60 })(async function square(n: number) {
      runs++;
      return n * n;
    });
    try {
      expect(await square(3)).toBe(9);
      await stop(set.master, 'SIGKILL');
      const t0 = Date.now();
      // Every call answers, cached or not, while the sentinel notices and promotes.
      await expect.poll(async () => {
        expect(await square(4)).toBe(16);
        return cache.set('after', 'failover').catch(() => false);
      }, { timeout: 15_000, interval: 100 }).toBe(true);
      console.log(`[redis-failure] sentinel failover: writes accepted again after ${Date.now() - t0} ms`);
      const replica = new Redis({ host: HOST, port: set.replica.port });
      expect(await replica.get('fo_after')).not.toBeNull();
      replica.disconnect();
      const before = runs;
      await square(5);
      await square(5);
      expect(runs - before).toBe(1);
    } finally {
      await cache.close();
    }
  });

  it('after a manual SENTINEL FAILOVER, writes land on the promoted replica', async () => {
    const set = await startSentinelSet(dir, 1, 500);
    mine.push(set.master, set.replica, ...set.sentinels);
    const backend = new RedisSentinelCache({ sentinels: set.sentinels.map((s) => ({ host: HOST, port: s.port })), master: set.name });
    try {
      expect(await backend.set('k', 'v', 0)).toBe(true);
      // Right after start-up the sentinel answers NOGOODSLAVE until it has polled the replica's INFO.
      await expect.poll(() => cli(set.sentinels[0]!.port, 'sentinel', 'failover', set.name), { timeout: 15_000, interval: 200 })
        .toMatch(/^OK/);
      await expect.poll(async () => (await cli(set.sentinels[0]!.port, 'sentinel', 'get-master-addr-by-name', set.name)).includes(String(set.replica.port)),
        { timeout: 10_000, interval: 100 }).toBe(true);
      const promoted = new Redis({ host: HOST, port: set.replica.port });
      promoted.on('error', () => {});
      // A write racing the switch can land on the old master and be lost when it resyncs: a miss, not an error.
      let n = 0;
      await expect.poll(async () => {
        const value = `v${++n}`;
        const stored = await backend.set('k2', value, 0).catch(() => false);
        return stored && (await promoted.get('k2')) === value;
      }, { timeout: 10_000, interval: 100 }).toBe(true);
      expect(await backend.get('k2')).toBe(`v${n}`);
      promoted.disconnect();
    } finally {
      await backend.close();
    }
  });
});
