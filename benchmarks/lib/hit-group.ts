import type { Redis } from 'ioredis';
import type { Cache } from '../../src/index.js';
import type memjs from 'memjs';
import { sequential, type Case, type Context, type Group } from './measure.js';
import { jsonKey, memoryPeers, redisPeers, type Peer, type Work } from './peers.js';
import { clientOf, decocache, ready, reprKey, TTL_S, type BackendKind, type Build } from './subjects.js';

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

/** Names of the baseline rows, which targets.ts looks up. */
export const BASELINE = {
  memory: 'await Map.get(JSON.stringify(args)) (raw)',
  redis: 'ioredis GET + JSON.parse (raw)',
  memcached: 'memjs get + JSON.parse (raw)',
} as const;

/** The old issue-5 reference rows: the in-memory keyed floor and the remote GET without decoding. */
export const KEYED_FLOOR = 'repr+sha256 key, await Map.get (raw)';
export const BARE_GET = { redis: 'ioredis GET, no parse (raw)', memcached: 'memjs get, no parse (raw)' } as const;

/**
 * The stored text of the one entry under a fresh prefix: version keys hold `!"…"`, the memoized
 * record `!{…}`. Found by value, so the raw rows read the real entry whatever the key scheme is.
 */
async function storedEntry(redis: Redis, prefix: string): Promise<{ key: string; text: string }> {
  for (const key of await redis.keys(`${prefix}*`)) {
    const text = await redis.get(key);
    if (text?.startsWith('!{')) return { key, text };
  }
  throw new Error(`no memoized entry under ${prefix}`);
}

/** Raw rows on Redis: decocache's own client with and without decoding, and a plain client. */
async function redisFloors(ctx: Context, cache: Cache): Promise<Case[]> {
  const own = await clientOf<Redis>(cache);
  const plain = ctx.servers.redis;
  const { key } = await storedEntry(plain, cache.keyPrefix);
  const parse = (text: string | null): unknown => JSON.parse(text!.slice(1));
  return [
    { name: BASELINE.redis, kind: 'floor', run: sequential(async () => parse(await own.get(key))) },
    { name: BARE_GET.redis, kind: 'floor', run: sequential(() => own.get(key)) },
    { name: 'ioredis GET + JSON.parse, plain client (raw)', kind: 'floor', run: sequential(async () => parse(await plain.get(key))) },
  ];
}

/** Raw rows on memcached, on decocache's own memjs client, reading the same bytes under a key of equal length. */
async function memcachedFloors(cache: Cache, args: unknown[]): Promise<Case[]> {
  const mc = await clientOf<memjs.Client>(cache);
  const key = `${cache.keyPrefix}floor_${'x'.repeat(24)}`;
  await mc.set(key, `!${JSON.stringify(record(args[0]))}`, { expires: TTL_S });
  const get = async (): Promise<Buffer> => (await mc.get(key)).value!;
  return [
    { name: BASELINE.memcached, kind: 'floor', run: sequential(async () => JSON.parse((await get()).toString('utf8', 1))) },
    { name: BARE_GET.memcached, kind: 'floor', run: sequential(get) },
  ];
}

/**
 * Raw rows in memory: the JSON-keyed Map (baseline), decocache's own key built from scratch, and
 * for primitive arguments a constant key (the cost of `await` and one lookup).
 */
function memoryFloors(build: Build, args: unknown[]): Case[] {
  const map = new Map<string, unknown>([['k', record(args[0])]]);
  const json = new Map<string, unknown>([[jsonKey(args), record(args[0])]]);
  const keyed = new Map<string, unknown>([[reprKey(build, 'lookup', args), record(args[0])]]);
  const primitive = args.every((a) => typeof a !== 'object');
  return [
    { name: BASELINE.memory, kind: 'floor', run: sequential(async () => json.get(jsonKey(args))) },
    ...(primitive ? [{ name: 'await Map.get, constant key (raw)', kind: 'floor' as const, run: sequential(async () => map.get('k')) }] : []),
    { name: KEYED_FLOOR, kind: 'floor', run: sequential(async () => keyed.get(reprKey(build, 'lookup', args))) },
  ];
}

/** What a hit group is: its id, scenario, backend, title and the call's arguments. */
export interface HitSpec {
  id: string;
  scenario: string;
  kind: BackendKind;
  title: string;
  args: unknown[];
}

/**
 * A hit group: raw rows, decocache (plain function and decorated method; on Redis also a function
 * on a plain client, which shows what auto-pipelining costs) and every peer of the backend, each
 * primed with one call so the timed calls all hit the same entry.
 */
export async function hitGroup(ctx: Context, spec: HitSpec): Promise<Group> {
  const { kind, args } = spec;
  const work: Work = async (...a) => record(a[0]);
  const cases: Case[] = [];
  const facts: Record<string, string> = {};
  for (const build of ctx.builds) {
    const cache = await ready(decocache(build, kind, ctx.servers));
    ctx.onClose(() => cache.close());
    const { fn, method } = memoized(cache, work);
    await fn(...args);
    if (build === ctx.builds[0]) {
      cases.push(...(kind === 'memory' ? memoryFloors(build, args) : kind === 'redis' ? await redisFloors(ctx, cache) : await memcachedFloors(cache, args)));
    }
    await method(...args);
    cases.push(
      { name: `${build.label} memoize(fn)`, kind: build.kind, run: sequential(() => fn(...args)) },
      { name: `${build.label} @memoize method`, kind: build.kind, run: sequential(() => method(...args)) },
    );
    if (kind !== 'redis') continue;
    const onPlain = await ready(decocache(build, 'redis', ctx.servers, { client: ctx.servers.redis }));
    ctx.onClose(() => onPlain.close());
    const plainFn = memoized(onPlain, work).fn;
    await plainFn(...args);
    cases.push({ name: `${build.label} memoize(fn), plain client`, kind: build.kind, run: sequential(() => plainFn(...args)) });
    facts[`Redis commands per ${build.label} hit (fn / method)`] = `${await commandsPerCall(ctx, fn, args)} / ${await commandsPerCall(ctx, method, args)}`;
  }
  const peers: Peer[] = kind === 'memory' ? memoryPeers() : kind === 'redis' ? redisPeers(ctx.servers.newRedis, ctx.servers.redisPort) : [];
  for (const peer of peers) {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(work, jsonKey);
    await wrapped(...args);
    cases.push({ name: peer.name, kind: 'peer', run: sequential(() => wrapped(...args)) });
  }
  return { id: spec.id, scenario: spec.scenario, backend: kind, title: spec.title, baseline: BASELINE[kind], cases, facts };
}

/** Reads (GET, MGET, PTTL) the Redis server processed per call, from its command statistics. */
export async function commandsPerCall(ctx: Context, call: Work, args: unknown[]): Promise<number> {
  // Reads only: other clients of the server (a bus's pings, a peer's subscriber) run commands of their own meanwhile.
  const reads = async (): Promise<number> => {
    const stats = await ctx.servers.redis.info('commandstats');
    return ['get', 'mget', 'pttl'].reduce((sum, name) => sum + Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0), 0);
  };
  const n = 100;
  const before = await reads();
  for (let i = 0; i < n; i++) await call(...args);
  return Math.round(((await reads()) - before) / n * 100) / 100;
}
