import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { HOST, hang, removeDir, sleep, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { startRedis } from '../helpers/servers/redis.js';

// A private server: this file stops it, which must never disturb other suites.
let dir: string;
let server: Server;
const quiet = { warn: (): void => {}, error: (): void => {} };
const T = 200;
const COOLDOWN = 300;

beforeAll(async () => {
  dir = tempDir('decocache-half-open-');
  server = await startRedis(dir);
});
afterAll(async () => {
  try { process.kill(server.pid, 'SIGCONT'); } catch { /* gone */ }
  await stop(server, 'SIGKILL');
  removeDir(dir);
});

interface Call {
  start: number;
  ms: number;
}

describe('the circuit breaker on a hung Redis (SIGSTOP)', () => {
  it('after each cool-down one call probes; every other call answers at once, so a window costs one timeout', async () => {
    const cache = new Cache({
      type: 'RedisCache', redisHost: HOST, redisPort: server.port, keyPrefix: 'half_',
      operationTimeout: T, circuitBreaker: { failures: 3, cooldownMs: COOLDOWN }, logger: quiet,
    });
    const inc = cache.memoize({ timeout: 60 })(async function incOnHalfOpen(n: number) {
      return n + 1;
    });
    const calls: Call[] = [];
    try {
      for (let i = 0; i < 5; i++) expect(await inc(i)).toBe(i + 1);
      await hang(server);
      const t0 = performance.now();
      const pending: Promise<void>[] = [];
      // 100 calls/s for 3 s: the first few time out and open the circuit, then ~6 windows follow.
      while (performance.now() - t0 < 3000) {
        const start = performance.now();
        // Distinct arguments: calls that join a probe's single flight would wait with it.
        const n = pending.length;
        pending.push(inc(n).then((v) => {
          expect(v).toBe(n + 1);
          calls.push({ start: start - t0, ms: performance.now() - start });
        }));
        await sleep(10);
      }
      await Promise.all(pending);
      process.kill(server.pid, 'SIGCONT');
      // The circuit is open once a call has been answered without waiting (calls started before
      // that had already reached the hung server, and wait their full timeout).
      const opened = Math.min(...calls.filter((c) => c.ms < 20).map((c) => c.start + c.ms));
      const slowAfter = calls.filter((c) => c.start > opened && c.ms >= T / 2);
      // A window is the cool-down plus the probe's own timeout; before the fix every call of a
      // half-open window waited (about 20 per window here).
      const windows = Math.ceil((3000 - opened) / (COOLDOWN + T)) + 1;
      console.log(`[half-open] ${calls.length} calls; circuit open from ${opened.toFixed(0)} ms; then ${slowAfter.length} calls waited (at most ${windows} windows)`);
      expect(slowAfter.length).toBeGreaterThan(0);
      expect(slowAfter.length).toBeLessThanOrEqual(windows);
      // Once the server is back, the next probe closes the circuit and hits resume.
      const back = performance.now();
      await expect.poll(async () => {
        const t = performance.now();
        await inc(1);
        return performance.now() - t < 50 && (await cache.get('__probe_done').catch(() => 'open')) === undefined;
      }, { timeout: 3000, interval: 20 }).toBe(true);
      console.log(`[half-open] cache answering again ${(performance.now() - back).toFixed(0)} ms after SIGCONT`);
    } finally {
      process.kill(server.pid, 'SIGCONT');
      await cache.close();
    }
  });
});
