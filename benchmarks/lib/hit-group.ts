import type { Cache } from '../../src/index.js';
import { sequential, type Case, type Context, type Group } from './measure.js';
import { jsonKey, memoryPeers, redisPeers, type Peer, type Work } from './peers.js';
import { decocache, ready, reprKey, type BackendKind } from './subjects.js';

/** The value every scenario function returns: a small record, as a service call would. */
export function record(id: unknown): Record<string, unknown> {
  return { id, name: 'Ada Lovelace', roles: ['admin', 'author'], score: 9.5, active: true };
}

/** A plain async function and a class with the same body as a method, both memoized by `cache`. */
export function memoized(cache: Cache, work: Work): { fn: Work; method: Work } {
  const fn = cache.memoize()(async function lookup(...args: unknown[]) {
    return work(...args);
  }) as unknown as Work;
  class Users {
    @cache.memoize()
    async lookup(...args: unknown[]): Promise<unknown> {
      return work(...args);
    }
  }
  const users = new Users();
  return { fn, method: (...args) => users.lookup(...args) };
}

/** Raw single-key floors of a backend: the stored entry fetched with the bare client. */
async function floors(ctx: Context, kind: BackendKind, cache: Cache, fn: Work, args: unknown[]): Promise<Case[]> {
  const key = cache.keyPrefix + (await (fn as unknown as { makeCacheKey(self: unknown, ...a: unknown[]): Promise<string> }).makeCacheKey(undefined, ...args));
  const { servers } = ctx;
  if (kind === 'redis') {
    const redis = servers.redis;
    // makeCacheKey gives the key without its version; the real entry is that key plus the version.
    const [entry] = (await redis.keys(`${key}*`)).filter((k) => !k.endsWith('_memver'));
    if (!entry) throw new Error(`no Redis entry under ${key}`);
    return [{ name: 'ioredis GET (raw)', kind: 'floor', run: sequential(() => redis.get(entry)) }];
  }
  if (kind === 'memcached') {
    // Memcached physical keys carry a generation, so the floor stores the same bytes under a key of equal length.
    const raw = `floor_${key}`;
    await servers.memjs.set(raw, `!${JSON.stringify(record(args[0]))}`, { expires: 300 });
    return [{ name: 'memjs get (raw)', kind: 'floor', run: sequential(() => servers.memjs.get(raw)) }];
  }
  const map = new Map<string, unknown>([[key, record(args[0])]]);
  const keyed = new Map<string, unknown>([[reprKey('lookup', args), record(args[0])]]);
  return [
    { name: 'await Map.get (raw)', kind: 'floor', run: sequential(async () => map.get(key)) },
    { name: 'repr+sha256 key, await Map.get', kind: 'floor', run: sequential(async () => keyed.get(reprKey('lookup', args))) },
  ];
}

/**
 * A hit group: floors, decocache (plain function and decorated method) and every peer of the
 * backend, each primed with one call so the timed calls all hit the same entry.
 */
export async function hitGroup(ctx: Context, scenario: string, kind: BackendKind, title: string, args: unknown[], batch: number): Promise<Group> {
  const work: Work = async (...a) => record(a[0]);
  const cache = await ready(decocache(kind, ctx.servers));
  ctx.onClose(() => cache.close());
  const { fn, method } = memoized(cache, work);
  await fn(...args);
  await method(...args);
  const cases: Case[] = [
    ...(await floors(ctx, kind, cache, fn, args)),
    { name: 'decocache memoize(fn)', kind: 'decocache', run: sequential(() => fn(...args)) },
    { name: 'decocache @memoize method', kind: 'decocache', run: sequential(() => method(...args)) },
  ];
  const peers: Peer[] = kind === 'memory' ? memoryPeers() : kind === 'redis' ? redisPeers(ctx.servers.newRedis, ctx.servers.redisPort) : [];
  for (const peer of peers) {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(work, jsonKey);
    await wrapped(...args);
    cases.push({ name: peer.name, kind: 'peer', run: sequential(() => wrapped(...args)) });
  }
  const facts: Record<string, string> = kind === 'redis' ? { 'Redis commands per decocache hit': `${await commandsPerCall(ctx, fn, args)} / ${await commandsPerCall(ctx, method, args)}` } : {};
  return { scenario, backend: kind, title, batch, cases, facts };
}

/** Commands the Redis server processed per call, from INFO's counter (less the INFO itself). */
async function commandsPerCall(ctx: Context, call: Work, args: unknown[]): Promise<number> {
  const total = async (): Promise<number> => Number(/total_commands_processed:(\d+)/.exec(await ctx.servers.redis.info('stats'))?.[1]);
  const n = 100;
  const before = await total();
  for (let i = 0; i < n; i++) await call(...args);
  return Math.round(((await total()) - before - 1) / n * 100) / 100;
}
