import type { Redis } from 'ioredis';
import { memoized, record } from '../lib/hit-group.js';
import { sequential, type Case, type Context, type Group, type Scenario } from '../lib/measure.js';
import { jsonKey, memoryPeers, redisPeers, type Peer, type Work } from '../lib/peers.js';
import { decocache, ready, reprKey, type BackendKind } from '../lib/subjects.js';

/** A fresh first argument per call, so every timed call misses, computes and stores. */
function counter(): () => number {
  let i = 0;
  return () => ++i;
}

function floors(kind: BackendKind, redis: Redis): Case[] {
  if (kind === 'redis') {
    const next = counter();
    // A miss then a store: two round trips is the least a read-through cache can do.
    return [{
      name: 'ioredis GET + SET EX (raw)', kind: 'floor', run: sequential(async () => {
        const key = `raw_miss_${next()}`;
        await redis.get(key);
        await redis.set(key, JSON.stringify(record(1)), 'EX', 300);
      }),
    }];
  }
  const map = new Map<string, unknown>();
  const plain = counter();
  const keyed = counter();
  return [
    { name: 'Map.get + Map.set (raw)', kind: 'floor', run: sequential(async () => {
      const key = `k${plain()}`;
      if (map.get(key) === undefined) map.set(key, record(1));
    }) },
    { name: 'repr+sha256 key, Map.get + set', kind: 'floor', run: sequential(async () => {
      const key = reprKey('lookup', [keyed(), 'en-GB']);
      if (map.get(key) === undefined) map.set(key, record(1));
    }) },
  ];
}

async function missGroup(ctx: Context, kind: BackendKind, batch: number): Promise<Group> {
  const work: Work = async (...a) => record(a[0]);
  const cache = await ready(decocache(kind, ctx.servers));
  ctx.onClose(() => cache.close());
  const { fn, method } = memoized(cache, work);
  await fn(0, 'en-GB');
  await method(0, 'en-GB');
  const [a, b] = [counter(), counter()];
  const cases: Case[] = [
    ...floors(kind, ctx.servers.redis),
    { name: 'decocache memoize(fn)', kind: 'decocache', run: sequential(() => fn(a(), 'en-GB')) },
    { name: 'decocache @memoize method', kind: 'decocache', run: sequential(() => method(b(), 'en-GB')) },
  ];
  if (kind === 'memory') {
    // The default threshold (500) prunes on every write once full: expired first, then a sort by expiry.
    const small = decocache('memory', undefined, 500);
    ctx.onClose(() => small.close());
    const c = counter();
    const bounded = memoized(small, work).fn;
    cases.push({ name: 'decocache memoize(fn), threshold 500', kind: 'decocache', run: sequential(() => bounded(c(), 'en-GB')) });
  }
  const peers: Peer[] = kind === 'memory' ? memoryPeers() : redisPeers(ctx.servers.newRedis, ctx.servers.redisPort);
  for (const peer of peers) {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(work, jsonKey);
    const next = counter();
    cases.push({ name: peer.name, kind: 'peer', run: sequential(() => wrapped(next(), 'en-GB')) });
  }
  const title = `miss + store (n, "en-GB"), ${kind === 'memory' ? 'in memory' : 'Redis'}`;
  return { scenario: 'miss-store', backend: kind, title, batch, cases };
}

/** A call that misses: read, compute, store. Every call uses a new argument. */
export const missStore: Scenario = {
  id: 'miss-store',
  title: 'memoized miss + store',
  async groups(ctx) {
    return [await missGroup(ctx, 'memory', 32), await missGroup(ctx, 'redis', 2)];
  },
};
