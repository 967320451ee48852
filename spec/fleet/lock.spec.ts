import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startWorker, type Worker } from '../helpers/worker.js';
import { waitFor } from '../helpers/fleet-cache.js';

const program = fileURLToPath(new URL('../helpers/lock-worker-process.ts', import.meta.url));
const redis = inject('redis');
const prefix = `lock_${process.pid}_`;
let counter: Redis;
const workers: Worker[] = [];

function fleet(count: number, runsKey: string, workMs: number, lockOptions: { waitMs?: number; ttlMs?: number }): Promise<Worker[]> {
  const config = { type: 'RedisCache' as const, redisHost: redis.host, redisPort: redis.port, keyPrefix: prefix, runsKey, workMs, lockOptions };
  return Promise.all(Array.from({ length: count }, () => startWorker(config, program))).then((started) => {
    workers.push(...started);
    return started;
  });
}

let eight: Worker[];
let holder: Worker;
let other: Worker;

// Child processes start slowly on a loaded machine: all of them here, under the hook's timeout.
beforeAll(async () => {
  counter = new Redis({ host: redis.host, port: redis.port });
  let holders: Worker[];
  let others: Worker[];
  [eight, holders, others] = await Promise.all([
    fleet(8, `${prefix}runs_burst`, 300, { waitMs: 10_000, ttlMs: 20_000 }),
    // The holder's run would take a minute; the other's takes 50 ms.
    fleet(1, `${prefix}runs_kill`, 60_000, { waitMs: 30_000, ttlMs: 800 }),
    fleet(1, `${prefix}runs_kill`, 50, { waitMs: 30_000, ttlMs: 800 }),
  ]);
  [holder, other] = [holders[0]!, others[0]!];
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  const keys = await counter.keys(`${prefix}*`);
  if (keys.length > 0) await counter.del(...keys);
  counter.disconnect();
});

describe('lock: single-flight across the fleet', () => {
  it('8 processes x 16 concurrent callers on one cold key run the function exactly once, and all get its value', async () => {
    const runsKey = `${prefix}runs_burst`;
    const results = await Promise.all(eight.map((w) => w.send<{ values: { id: number; by: number }[] }>({ op: 'burst', id: 1, callers: 16 })));
    expect(Number(await counter.get(runsKey))).toBe(1);
    const computedBy = new Set(results.flatMap((r) => r.values.map((v) => v.by)));
    expect(computedBy.size).toBe(1);
    expect(results.flatMap((r) => r.values)).toHaveLength(128);
  });

  it('a lease holder killed with SIGKILL delays the others by at most ttlMs; they then compute and store', async () => {
    const runsKey = `${prefix}runs_kill`;
    // The holder takes the lease and starts a run that would take a minute.
    void holder.send({ op: 'call', id: 2 }).catch(() => {});
    await waitFor('the holder to start computing', async () => Number(await counter.get(runsKey)) === 1);
    process.kill(holder.pid, 'SIGKILL');
    const waited = await other.send<{ ms: number }>({ op: 'call', id: 2 }).catch((error: unknown) => ({ ms: -1, error }));
    // The lease (800 ms) expired, the other took it over and computed (50 ms): it waited at most ttlMs, plus a poll.
    expect(Number(await counter.get(runsKey))).toBe(2);
    expect(waited.ms).toBeLessThan(800 + 50 + 400);
  });
});
