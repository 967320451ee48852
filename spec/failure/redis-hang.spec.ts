import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { HOST, hang, removeDir, sleep, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { startLatencyProxy } from '../helpers/servers/latency-proxy.js';
import { startRedis } from '../helpers/servers/redis.js';

// Private servers: this file stops and resumes them, which must never disturb other suites.
let dir: string;
const mine: Server[] = [];
const quiet = { warn: (): void => {}, error: (): void => {} };
const T = 300;
// The bound is T; the slack only absorbs timer and scheduling lag on a loaded machine.
const SLACK = 100;

beforeAll(() => {
  dir = tempDir('decocache-redis-hang-');
});
afterAll(async () => {
  for (const s of mine) {
    try { process.kill(s.pid, 'SIGCONT'); } catch { /* gone */ }
  }
  await Promise.all(mine.map((s) => stop(s, 'SIGKILL')));
  removeDir(dir);
});

async function privateCache(): Promise<{ server: Server; cache: Cache }> {
  const server = await startRedis(dir);
  mine.push(server);
  const cache = new Cache({ type: 'RedisCache', redisHost: HOST, redisPort: server.port, keyPrefix: 'hang_', operationTimeout: T, circuitBreaker: false, logger: quiet });
  return { server, cache };
}

async function latency(call: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await call().catch(() => undefined);
  return performance.now() - t0;
}

describe('a hung Redis (SIGSTOP) holds no call longer than operationTimeout', () => {
  it('memoized calls and proxy calls issued while it hangs, one by one and 50 at once, all answer within operationTimeout', async () => {
    const { server, cache } = await privateCache();
    const half = cache.memoize({ timeout: 60 })(async function halfOnHang(n: number) {
      return n / 2;
    });
    try {
      for (let i = 0; i < 10; i++) expect(await half(i)).toBe(i / 2);
      await hang(server);
      const waits: Promise<number>[] = [];
      for (let i = 0; i < 60; i++) {
        waits.push(latency(() => half(i % 10)));
        if (i % 3 === 0) waits.push(latency(() => cache.get('k')));
        await sleep(5);
      }
      waits.push(...Array.from({ length: 50 }, (_, i) => latency(() => cache.set(`k${i}`, i))));
      const slowest = Math.max(...(await Promise.all(waits)));
      process.kill(server.pid, 'SIGCONT');
      console.log(`[redis-hang] slowest of ${waits.length} calls on a hung server: ${slowest.toFixed(0)} ms (operationTimeout ${T})`);
      expect(slowest).toBeLessThan(T + SLACK);
    } finally {
      process.kill(server.pid, 'SIGCONT');
      await cache.close();
    }
  });

  it('a cold memoized call, several backend calls in a row, answers within operationTimeout as a whole on a slow link', async () => {
    const server = await startRedis(dir);
    mine.push(server);
    // Every request waits 120 ms: one backend call is well within the timeout, four in a row are not.
    const proxy = await startLatencyProxy(server.port, 120);
    const cache = new Cache({ type: 'RedisCache', redisHost: HOST, redisPort: proxy.port, keyPrefix: 'slow_', operationTimeout: T, circuitBreaker: false, logger: quiet });
    const times: number[] = [];
    try {
      // Connecting takes a few delayed round trips (ready check) before the first call can be in time.
      await expect.poll(() => cache.set('warm', 1).catch(() => false), { timeout: 5000, interval: 50 }).toBe(true);
      for (let i = 0; i < 8; i++) {
        // A function never called before mints its version key: read, add, read again, read the entry.
        const cold = cache.memoize({ timeout: 60, namespace: `cold${i}` })(async function coldOnSlowLink(n: number) {
          return n + 1;
        });
        const t0 = performance.now();
        expect(await cold(i)).toBe(i + 1);
        times.push(performance.now() - t0);
      }
    } finally {
      await cache.close();
      await proxy.close();
    }
    console.log(`[redis-hang] cold calls over a 120 ms link: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    expect(Math.max(...times)).toBeLessThan(T + SLACK);
  });
});
