import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { Redis } from 'ioredis';
import type memjs from 'memjs';
import type { MemjsClient } from '../../src/backends/memcached/protocol.js';
import { record } from '../lib/hit-group.js';
import { sequential, type Case, type Context, type Group, type GroupSpec } from '../lib/measure.js';
import { clientOf, decocache, ready, TTL_S, type BackendKind } from '../lib/subjects.js';

const KEYS = Array.from({ length: 100 }, (_, i) => `item:${i}`);

/**
 * `getMany` of 100 stored keys. The raw rows (on decocache's own client) read and JSON.parse every
 * value, as decocache and the peers do: against an MGET that returns strings, a 100-value decode
 * made the ratio follow the load (how the reply arrives in chunks), 1.27× in one run, 1.42× in the next.
 */
async function manyGroup(ctx: Context, kind: BackendKind): Promise<Group> {
  const build = ctx.builds[0]!;
  const cache = await ready(decocache(build, kind, ctx.servers));
  ctx.onClose(() => cache.close());
  await cache.setMany(KEYS.map((k, i) => [k, record(i)] as const), TTL_S);
  const cases: Case[] = [];
  const full = KEYS.map((k) => cache.keyPrefix + k);
  if (kind === 'memory') {
    const map = new Map(KEYS.map((k, i) => [k, JSON.stringify(record(i))]));
    cases.push({ name: 'Map.get + JSON.parse ×100 (raw)', kind: 'floor', run: sequential(async () => KEYS.map((k) => JSON.parse(map.get(k)!))) });
  } else if (kind === 'redis') {
    const redis = await clientOf<Redis>(cache);
    const mget = async (): Promise<unknown[]> => (await redis.mget(...full)).map((v) => JSON.parse(v!.slice(1)));
    cases.push({ name: 'ioredis MGET + JSON.parse ×100 (raw)', kind: 'floor', run: sequential(mget) });
  } else {
    // memjs has no multi-get; the raw row sends the quiet-get batch decocache sends (protocol.ts),
    // because 100 parallel memjs gets wait on the server so differently that their ratio to
    // decocache's batch followed the load (0.68× in one run, 0.39× in the next).
    const mc = await clientOf<MemjsClient>(cache);
    const raw = KEYS.map((k) => `raw_${k}`);
    await Promise.all(raw.map((k, i) => (mc as unknown as memjs.Client).set(k, JSON.stringify(record(i)), { expires: TTL_S })));
    const batch = async (): Promise<unknown[]> => [...(await build.mod.multiGet(mc, 1000, raw)).values()].map((v) => JSON.parse(v.toString('utf8')));
    cases.push({ name: 'GETKQ batch + JSON.parse ×100 (raw protocol)', kind: 'floor', run: sequential(batch) });
  }
  cases.push({ name: 'decocache cache.getMany', kind: 'decocache', run: sequential(() => cache.getMany(...KEYS)) });
  if (kind !== 'memcached') {
    // cache-manager's mget is the one peer with a multi-get (bentocache and the memoizers have none).
    const store = kind === 'memory' ? new Keyv() : new Keyv({ store: new KeyvRedis(`redis://127.0.0.1:${ctx.servers.redisPort}`), namespace: 'cmm' });
    const cm = createCache({ stores: [store] });
    ctx.onClose(() => cm.disconnect());
    await cm.mset(KEYS.map((key, i) => ({ key, value: record(i), ttl: TTL_S * 1000 })));
    cases.push({ name: 'cache-manager mget', kind: 'peer', run: sequential(() => cm.mget(KEYS)) });
  }
  const where = kind === 'memory' ? 'in memory' : kind === 'redis' ? 'Redis' : 'memcached';
  return { id: `get-many-${kind}`, scenario: 'get-many', backend: kind, title: `getMany of 100 keys, ${where}`, baseline: cases[0]!.name, cases };
}

/** `getMany` of 100 stored keys on each backend. */
export const getMany: GroupSpec[] = (['memory', 'redis', 'memcached'] as const).map((kind) => ({
  id: `get-many-${kind}`,
  build: (ctx: Context) => manyGroup(ctx, kind),
}));
