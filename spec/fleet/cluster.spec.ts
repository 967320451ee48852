import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { TwoTierBackend } from '../../src/fleet/two-tier.js';
import { nextMessage, waitFor } from '../helpers/fleet-cache.js';

const quiet = { warn: () => {}, error: () => {} };
const prefix = `tt_cluster_${process.pid}_`;
let a: Cache;
let b: Cache;

async function tierOf(cache: Cache): Promise<TwoTierBackend> {
  const tier = (await cache.backend()) as TwoTierBackend;
  await waitFor('the bus to subscribe', () => tier.trusted, 10_000);
  return tier;
}

beforeAll(() => {
  const nodes = inject('cluster');
  a = new Cache({ type: 'RedisClusterCache', redisCluster: nodes, keyPrefix: prefix, local: {}, logger: quiet });
  b = new Cache({ type: 'RedisClusterCache', redisCluster: nodes, keyPrefix: prefix, local: {}, logger: quiet });
});
afterAll(async () => {
  await a.clear();
  await Promise.all([a.close(), b.close()]);
});

describe('a local tier over Redis Cluster', () => {
  it('fills from the cluster and drops what another process writes', async () => {
    const [ta, tb] = await Promise.all([tierOf(a), tierOf(b)]);
    const heard = nextMessage(tb);
    await a.setMany({ x: 1, y: 2, z: 3 });
    await heard;
    expect(await b.getMany('x', 'y', 'z')).toEqual([1, 2, 3]);
    const hits = tb.counters.localHits;
    expect(await b.getMany('x', 'y', 'z')).toEqual([1, 2, 3]);
    expect(tb.counters.localHits).toBe(hits + 3);
    await a.set('y', 20);
    await waitFor('b to see the new y', async () => (await b.get('y')) === 20);
    expect(ta.trusted).toBe(true);
  });
});
