import type { Redis } from 'ioredis';
import { memoized, record } from '../lib/hit-group.js';
import type { Case, Context, Group, GroupSpec } from '../lib/measure.js';
import { jsonKey, redisPeers, type Work } from '../lib/peers.js';
import { clientOf, decocache, ready, TTL_S } from '../lib/subjects.js';

const N = 64;

/**
 * The baseline row of the concurrent groups, which targets.ts looks up: the plain client, as
 * issue 5's target had it. The auto-pipelining client's burst (one write of 64 commands) swung by
 * 25% against every other row between two runs, with how the scheduler placed redis-server.
 */
export const CONCURRENT_BASELINE = `ioredis GET + JSON.parse ×${N}, plain client (raw)`;

/** Each call starts `N` operations at once and waits for all: one call = 64 hits. */
function burst(call: (i: number) => Promise<unknown>): (calls: number) => Promise<unknown> {
  return async (calls) => {
    for (let b = 0; b < calls; b++) await Promise.all(Array.from({ length: N }, (_, i) => call(i)));
  };
}

/**
 * 64 hits in flight at once on Redis. With identical arguments decocache's single-flight joins
 * them into one backend read (so does type-cacheable's in-flight map), which the raw client cannot
 * do: that group measures the dedupe, not the client. Distinct arguments measure 64 real reads.
 * The raw rows run on decocache's own client (auto-pipelining) and on a plain one.
 */
async function concurrentGroup(ctx: Context, identical: boolean): Promise<Group> {
  const plain = ctx.servers.redis;
  const work: Work = async (...a) => record(a[0]);
  const build = ctx.builds[0]!;
  const cache = await ready(decocache(build, 'redis', ctx.servers));
  ctx.onClose(() => cache.close());
  const own = await clientOf<Redis>(cache);
  const onPlain = await ready(decocache(build, 'redis', ctx.servers, { client: plain }));
  ctx.onClose(() => onPlain.close());
  const { fn, method } = memoized(cache, work);
  const plainFn = memoized(onPlain, work).fn;
  const arg = (i: number): number => (identical ? 42 : i);
  const value = `!${JSON.stringify(record(1))}`;
  for (let i = 0; i < N; i++) {
    await fn(arg(i), 'en-GB');
    await method(arg(i), 'en-GB');
    await plainFn(arg(i), 'en-GB');
    await plain.set(`raw_conc_${arg(i)}`, value, 'EX', TTL_S);
  }
  const read = (client: Redis) => async (i: number): Promise<unknown> => JSON.parse((await client.get(`raw_conc_${arg(i)}`))!.slice(1));
  const cases: Case[] = [
    { name: CONCURRENT_BASELINE, kind: 'floor', opsPerCall: N, run: burst(read(plain)) },
    { name: `ioredis GET + JSON.parse ×${N}, auto-pipelining (raw)`, kind: 'floor', opsPerCall: N, run: burst(read(own)) },
    { name: `decocache memoize(fn) ×${N}`, kind: 'decocache', opsPerCall: N, run: burst((i) => fn(arg(i), 'en-GB')) },
    { name: `decocache @memoize method ×${N}`, kind: 'decocache', opsPerCall: N, run: burst((i) => method(arg(i), 'en-GB')) },
    { name: `decocache memoize(fn) ×${N}, plain client`, kind: 'decocache', opsPerCall: N, run: burst((i) => plainFn(arg(i), 'en-GB')) },
  ];
  for (const peer of redisPeers(ctx.servers.newRedis, ctx.servers.redisPort)) {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(work, jsonKey);
    for (let i = 0; i < N; i++) await wrapped(arg(i), 'en-GB');
    cases.push({ name: `${peer.name} ×${N}`, kind: 'peer', opsPerCall: N, run: burst((i) => wrapped(arg(i), 'en-GB')) });
  }
  return {
    id: identical ? 'redis-concurrent-identical' : 'redis-concurrent',
    scenario: 'concurrent-redis',
    backend: 'redis',
    title: `${N} concurrent hits on Redis, ${identical ? 'identical' : 'distinct'} arguments`,
    baseline: CONCURRENT_BASELINE,
    quiet: false,
    cases,
    note: `times are per hit (a burst of ${N} ÷ ${N}); hits/s = 1e9 ÷ wall ns`,
  };
}

/** 64 concurrent hits on Redis: distinct arguments (64 reads), identical (single-flight). */
export const concurrentRedis: GroupSpec[] = [
  { id: 'redis-concurrent', build: (ctx) => concurrentGroup(ctx, false) },
  { id: 'redis-concurrent-identical', build: (ctx) => concurrentGroup(ctx, true) },
];
