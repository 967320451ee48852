import { memoized, record } from '../lib/hit-group.js';
import type { Case, Context, Group, Scenario } from '../lib/measure.js';
import { jsonKey, redisPeers, type Work } from '../lib/peers.js';
import { Redis } from 'ioredis';
import { Cache } from '../../src/index.js';
import { decocache, ready } from '../lib/subjects.js';

const N = 64;

/** Starts `N` calls at once and waits for all: one timed call = 64 hits. */
function burst(call: (i: number) => Promise<unknown>): (batch: number) => Promise<unknown> {
  return async (batch) => {
    for (let b = 0; b < batch; b++) await Promise.all(Array.from({ length: N }, (_, i) => call(i)));
  };
}

/**
 * 64 hits in flight at once on Redis. With identical arguments decocache's single-flight joins
 * them into one backend read (so does type-cacheable's in-flight map), which the raw client cannot
 * do: that row measures the dedupe, not the client. Distinct arguments measure 64 real reads.
 */
async function concurrentGroups(ctx: Context, identical: boolean): Promise<Group[]> {
  const redis = ctx.servers.redis;
  const work: Work = async (...a) => record(a[0]);
  const cache = await ready(decocache('redis', ctx.servers));
  ctx.onClose(() => cache.close());
  const { fn, method } = memoized(cache, work);
  const arg = (i: number): number => (identical ? 42 : i);
  const value = JSON.stringify(record(1));
  for (let i = 0; i < N; i++) {
    await fn(arg(i), 'en-GB');
    await method(arg(i), 'en-GB');
    await redis.set(`raw_conc_${arg(i)}`, value, 'EX', 300);
  }
  const cases: Case[] = [
    { name: `ioredis GET ×64 (raw)`, kind: 'floor', opsPerCall: N, run: burst((i) => redis.get(`raw_conc_${arg(i)}`)) },
    { name: 'decocache memoize(fn) ×64', kind: 'decocache', opsPerCall: N, run: burst((i) => fn(arg(i), 'en-GB')) },
    { name: 'decocache @memoize method ×64', kind: 'decocache', opsPerCall: N, run: burst((i) => method(arg(i), 'en-GB')) },
  ];
  // ioredis can coalesce the commands issued in one tick into one socket write; it is a client
  // option, off by default, so these rows show what the user gets by turning it on (raw and decocache).
  const auto = new Redis({ host: '127.0.0.1', port: ctx.servers.redisPort, enableAutoPipelining: true });
  ctx.onClose(() => auto.quit());
  const autoCache = await ready(new Cache({ type: 'RedisCache', client: auto, keyPrefix: cache.keyPrefix, defaultTimeout: 300 }));
  const autoFn = memoized(autoCache, work).fn;
  for (let i = 0; i < N; i++) await autoFn(arg(i), 'en-GB');
  const autoCases: Case[] = [
    { name: 'ioredis GET ×64, autopipelining (raw)', kind: 'floor', opsPerCall: N, run: burst((i) => auto.get(`raw_conc_${arg(i)}`)) },
    { name: 'decocache memoize(fn) ×64, autopipelining', kind: 'decocache', opsPerCall: N, run: burst((i) => autoFn(arg(i), 'en-GB')) },
  ];
  for (const peer of redisPeers(ctx.servers.newRedis, ctx.servers.redisPort)) {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(work, jsonKey);
    for (let i = 0; i < N; i++) await wrapped(arg(i), 'en-GB');
    cases.push({ name: `${peer.name} ×64`, kind: 'peer', opsPerCall: N, run: burst((i) => wrapped(arg(i), 'en-GB')) });
  }
  const title = `64 concurrent hits on Redis, ${identical ? 'identical' : 'distinct'} arguments`;
  const note = 'median/p99 are per burst of 64; ops/s counts hits';
  return [
    { scenario: 'concurrent-redis', backend: 'redis', title, batch: 1, cases, note },
    { scenario: 'concurrent-redis', backend: 'redis', title: `${title}, ioredis enableAutoPipelining`, batch: 1, cases: autoCases, note },
  ];
}

export const concurrentRedis: Scenario = {
  id: 'concurrent-redis',
  title: '64 concurrent hits on Redis',
  async groups(ctx) {
    return [...(await concurrentGroups(ctx, true)), ...(await concurrentGroups(ctx, false))];
  },
};
