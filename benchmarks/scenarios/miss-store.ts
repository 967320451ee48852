import type { Redis } from 'ioredis';
import type { Cache } from '../../src/index.js';
import { memoized, record } from '../lib/hit-group.js';
import { sequential, type Case, type Context, type Group, type GroupSpec } from '../lib/measure.js';
import { jsonKey, memoryPeers, redisPeers, type Peer, type Work } from '../lib/peers.js';
import { decocache, ready, reprKey, TTL_S, type BackendKind, type Build } from '../lib/subjects.js';

/** The baseline rows of the miss groups, which targets.ts looks up. */
export const MISS_BASELINE = {
  memory: 'Map.get + Map.set, JSON.stringify(args) key (raw)',
  redis: 'ioredis GET + SET EX (raw)',
} as const;

/**
 * Calls per in-memory miss block: 0.1 ms for the raw rows, 2–5 ms for the slowest, so that like
 * the other in-memory blocks (2 ms) most run without being preempted.
 */
const MEMORY_MISSES_PER_BLOCK = 100;

/** A fresh first argument per call, so every timed call misses, computes and stores. */
function counter(): () => number {
  let i = 0;
  return () => ++i;
}

function floors(build: Build, kind: BackendKind, redis: Redis): Case[] {
  if (kind === 'redis') {
    const next = counter();
    // A miss then a store: two round trips is the least a read-through cache can do.
    return [{
      name: MISS_BASELINE.redis, kind: 'floor', run: sequential(async () => {
        const key = `raw_miss_${next()}`;
        await redis.get(key);
        await redis.set(key, JSON.stringify(record(1)), 'EX', TTL_S);
      }),
    }];
  }
  const json = new Map<string, unknown>();
  const keyed = new Map<string, unknown>();
  const [a, b] = [counter(), counter()];
  return [
    { name: MISS_BASELINE.memory, kind: 'floor', reset: () => json.clear(), run: sequential(async () => {
      const key = jsonKey([a(), 'en-GB']);
      if (json.get(key) === undefined) json.set(key, record(1));
    }) },
    { name: 'repr+sha256 key, Map.get + set (raw)', kind: 'floor', reset: () => keyed.clear(), run: sequential(async () => {
      const key = reprKey(build, 'lookup', [b(), 'en-GB']);
      if (keyed.get(key) === undefined) keyed.set(key, record(1));
    }) },
  ];
}

/** In memory every store is emptied before each block, so a block's cost does not depend on how many blocks ran before. */
const emptied = (cache: Cache, kind: BackendKind): (() => unknown) | undefined => (kind === 'memory' ? () => cache.clear() : undefined);

async function missGroup(ctx: Context, kind: BackendKind): Promise<Group> {
  const work: Work = async (...a) => record(a[0]);
  const cases: Case[] = floors(ctx.builds[0]!, kind, ctx.servers.redis);
  for (const build of ctx.builds) {
    const cache = await ready(decocache(build, kind, ctx.servers));
    ctx.onClose(() => cache.close());
    const { fn, method } = memoized(cache, work);
    const [a, b] = [counter(), counter()];
    const reset = emptied(cache, kind);
    cases.push(
      { name: `${build.label} memoize(fn)`, kind: build.kind, reset, run: sequential(() => fn(a(), 'en-GB')) },
      { name: `${build.label} @memoize method`, kind: build.kind, reset, run: sequential(() => method(b(), 'en-GB')) },
    );
    if (kind !== 'memory') continue;
    // The default threshold (500) prunes on every write once full: expired first, then a sort by expiry.
    const small = decocache(build, 'memory', undefined, { threshold: 500 });
    ctx.onClose(() => small.close());
    const c = counter();
    const bounded = memoized(small, work).fn;
    cases.push({ name: `${build.label} memoize(fn), threshold 500`, kind: build.kind, run: sequential(() => bounded(c(), 'en-GB')) });
  }
  const peers: Peer[] = kind === 'memory' ? memoryPeers() : redisPeers(ctx.servers.newRedis, ctx.servers.redisPort);
  for (const peer of peers) {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(work, jsonKey);
    const next = counter();
    cases.push({ name: peer.name, kind: 'peer', reset: kind === 'memory' ? () => peer.clear() : undefined, run: sequential(() => wrapped(next(), 'en-GB')) });
  }
  const id = kind === 'memory' ? 'memory-miss' : 'redis-miss';
  const title = `miss + store (n, "en-GB"), ${kind === 'memory' ? 'in memory' : 'Redis'}`;
  // Every in-memory block stores the same number of entries into an emptied store, whatever the
  // machine's load made calibration pick: a store twice as large costs each miss more.
  const callsPerBlock = kind === 'memory' ? MEMORY_MISSES_PER_BLOCK : undefined;
  return { id, scenario: 'miss-store', backend: kind, title, baseline: MISS_BASELINE[kind as 'memory' | 'redis'], cases, callsPerBlock };
}

/** A call that misses: read, compute, store. Every call uses a new argument. */
export const missStore: GroupSpec[] = [
  { id: 'memory-miss', build: (ctx) => missGroup(ctx, 'memory') },
  { id: 'redis-miss', build: (ctx) => missGroup(ctx, 'redis') },
];
