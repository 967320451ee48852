import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import type { RedisBackend } from '../../src/backends/redis/index.js';
import { HOST, removeDir, sleep, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { restartAsReplica, sentinelMasterPort, startSentinelSet } from '../helpers/servers/redis.js';

// A private sentinel set: this file kills its master ten times, which must never disturb other suites.
let dir: string;
const mine: Server[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
const quiet = { warn: (): void => {}, error: (): void => {} };

beforeAll(() => {
  dir = tempDir('decocache-sentinel-kill-');
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await Promise.all(mine.map((s) => stop(s, 'SIGKILL')));
  removeDir(dir);
});

async function clientStatus(cache: Cache): Promise<string> {
  return ((await cache.backend()) as RedisBackend).client.status;
}

describe('RedisSentinelCache when its master is SIGKILLed', () => {
  it('comes back after each of ten kills in a row, under 200 calls/s, with no wrong answer', async () => {
    const set = await startSentinelSet(dir, 1, 400, 2000);
    mine.push(set.master, set.replica, ...set.sentinels);
    const sentinelPort = set.sentinels[0]!.port;
    const members = new Map([set.master, set.replica].map((s) => [s.port, s]));
    const cache = new Cache({
      type: 'RedisSentinelCache', redisSentinels: [{ host: HOST, port: sentinelPort }], redisSentinelMaster: set.name,
      keyPrefix: 'kill_', operationTimeout: 300, circuitBreaker: { failures: 3, cooldownMs: 200 }, logger: quiet,
    });
    const triple = cache.memoize({ timeout: 60 })(async function triple(n: number) {
      return n * 3;
    });
    // A first call would also ask the sentinel for the master and connect to it, all within the
    // 300 ms operationTimeout, which a loaded machine can exhaust: the kills start from a connection.
    await cache.backend();
    await expect.poll(() => clientStatus(cache), { timeout: 15_000 }).toBe('ready');
    let calls = 0;
    const wrong: string[] = [];
    // 200 calls/s over 20 distinct arguments, answered from the cache whenever it is up.
    const load = setInterval(() => {
      const n = calls++ % 20;
      triple(n).then((v) => { if (v !== n * 3) wrong.push(`triple(${n}) = ${String(v)}`); }, (e: unknown) => wrong.push(`triple(${n}) threw ${String(e)}`));
    }, 5);
    const recoveries: string[] = [];
    try {
      expect(await cache.set('warm', 1)).toBe(true);
      for (let round = 1; round <= 10; round++) {
        const master = members.get(await sentinelMasterPort(sentinelPort, set.name))!;
        await stop(master, 'SIGKILL');
        const t0 = Date.now();
        let promoted = 0;
        let promotedAt = 0;
        try {
          // Back means: a write through the cache reaches the promoted master and reads back.
          await expect.poll(async () => {
            promoted = await sentinelMasterPort(sentinelPort, set.name).catch(() => 0);
            if (promoted === master.port || promoted === 0) return false;
            promotedAt ||= Date.now();
            return (await cache.set('round', round).catch(() => false)) && (await cache.get('round').catch(() => undefined)) === round;
          }, { timeout: 15_000, interval: 50 }).toBe(true);
        } catch (error) {
          throw new Error(`round ${round}: not back after 15 s, client status ${await clientStatus(cache)}`, { cause: error });
        }
        recoveries.push(`${promotedAt - t0}+${Date.now() - promotedAt}`);
        const restarted = await restartAsReplica(master, promoted, sentinelPort, set.name);
        mine.push(restarted);
        members.set(restarted.port, restarted);
      }
      await sleep(100);
    } finally {
      clearInterval(load);
      await cache.close();
    }
    console.log(`[sentinel-master-kill] promoted+back after ${recoveries.join(', ')} ms (${calls} calls)`);
    expect(recoveries).toHaveLength(10);
    expect(wrong).toEqual([]);
    expect(unhandled).toEqual([]);
  }, 180_000);
});
