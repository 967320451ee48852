import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NotAnIntegerError } from '../../src/errors.js';
import { RedisClusterCache, createRedisBackend } from '../../src/backends/redis/index.js';
import { cli } from '../helpers/servers/process.js';
import { Cache } from '../../src/index.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';

const nodes = inject('cluster');
const P = 'cluster_spec_';
let backend: RedisClusterCache;
let raw: Cluster;

/** Keys spread over all three masters (checked below), so every multi-key call crosses slots. */
const spread = Array.from({ length: 60 }, (_, i) => `${P}k${i}`);

async function ownersOf(keys: readonly string[]): Promise<Set<string>> {
  const slotMap = (await raw.cluster('SLOTS')) as unknown as [number, number, [string, number]][];
  const owners = new Set<string>();
  for (const k of keys) {
    const slot = Number((await cli(nodes[0]!.port, 'cluster', 'keyslot', k)).trim());
    const range = slotMap.find(([from, to]) => slot >= from && slot <= to);
    owners.add(String(range?.[2][1]));
  }
  return owners;
}

beforeAll(() => {
  backend = new RedisClusterCache({ nodes });
  raw = new Cluster(nodes);
  raw.on('error', () => {});
});
afterAll(async () => {
  await backend.clear(P);
  await backend.close();
  raw.disconnect();
});

describe('RedisClusterCache', () => {
  it('the test keys really live on all three masters', async () => {
    expect((await ownersOf(spread)).size).toBe(3);
  });

  it('setMany() and getMany() work across slots and keep key order', async () => {
    const entries = spread.map((k, i) => [k, String(i)] as const);
    expect(await backend.setMany(entries, 100)).toEqual(spread);
    const keys = [...spread.slice(0, 30), `${P}missing`, ...spread.slice(30)];
    const expected = [...spread.slice(0, 30).map((_, i) => String(i)), undefined, ...spread.slice(30).map((_, i) => String(i + 30))];
    expect(await backend.getMany(keys)).toEqual(expected);
    expect(await raw.ttl(spread[59]!)).toBeGreaterThan(95);
  });

  it('deleteMany() and unlink() work across slots and report the keys now absent', async () => {
    await backend.setMany(spread.map((k) => [k, 'v'] as const), 0);
    expect(await backend.deleteMany(spread.slice(0, 30))).toEqual(spread.slice(0, 30));
    expect(await backend.unlink(spread.slice(30))).toEqual(spread.slice(30));
    expect(await backend.getMany(spread)).toEqual(spread.map(() => undefined));
  });

  it('add(), inc() and touch() behave as on a single server', async () => {
    const adds = await Promise.all(Array.from({ length: 50 }, () => backend.add(`${P}once`, 'v', 60)));
    expect(adds.filter(Boolean)).toHaveLength(1);
    await Promise.all(Array.from({ length: 200 }, () => backend.inc(`${P}n`, 1)));
    expect(await backend.get(`${P}n`)).toBe('200');
    await backend.set(`${P}s`, '!"x"', 0);
    await expect(backend.inc(`${P}s`, 1)).rejects.toBeInstanceOf(NotAnIntegerError);
    await backend.set(`${P}t`, 'v', 100);
    expect(await backend.touch(`${P}t`, 10)).toBe(true);
    expect(await raw.ttl(`${P}t`)).toBeGreaterThan(95);
    expect(await backend.touch(`${P}gone`, 10)).toBe(false);
  });

  it('deletePattern() and clear(prefix) scan every master and leave other prefixes alone', async () => {
    await backend.setMany(spread.map((k) => [k, 'v'] as const), 0);
    await raw.set('cluster_keep_1', 'v');
    expect(await backend.deletePattern(`${P}k1*`)).toBe(11);
    expect(await backend.clear(P)).toBe(true);
    expect(await backend.getMany(spread)).toEqual(spread.map(() => undefined));
    expect(await raw.get('cluster_keep_1')).toBe('v');
    await raw.del('cluster_keep_1');
  });

  it('createRedisBackend maps redisCluster given as a string, and leaves a passed-in Cluster open', async () => {
    const b = createRedisBackend('RedisClusterCache', { redisCluster: nodes.map((n) => `${n.host}:${n.port}`).join(',') });
    expect(b.name).toBe('RedisClusterCache');
    expect(await b.set(`${P}str`, 'v', 10)).toBe(true);
    await b.close();
    const given = createRedisBackend('RedisClusterCache', { client: raw });
    expect(await given.get(`${P}str`)).toBe('v');
    await given.close();
    expect(raw.status).toBe('ready');
  });
});

runBackendSuite('RedisClusterCache', () => new RedisClusterCache({ nodes }), { atomic: true, deletePattern: true, unlink: true }, 'real');

describeBackendConformance('RedisClusterCache', (keyPrefix) => new Cache({ type: 'RedisClusterCache', redisCluster: nodes, keyPrefix }), {
  realClock: true,
  enumerates: true,
});
