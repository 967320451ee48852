import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultSerializer } from '../../src/index.js';
import { fleetCache, nextMessage, waitFor, type FleetCache } from '../helpers/fleet-cache.js';
import { sleep } from '../helpers/servers/process.js';

const run = `tt${process.pid}_`;
const { host, port } = inject('redis');
let raw: Redis;
let a: FleetCache;
let b: FleetCache;

beforeAll(async () => {
  raw = new Redis({ host, port });
  raw.on('error', () => {});
  [a, b] = await Promise.all([fleetCache(`${run}p_`), fleetCache(`${run}p_`)]);
});
afterAll(async () => {
  await a.cache.clear();
  await Promise.all([a.cache.close(), b.cache.close()]);
  raw.disconnect();
});

describe('a Cache with a local tier over Redis', () => {
  it('get fills the local tier, and the next get is answered without Redis', async () => {
    const heard = nextMessage(b.tier);
    await a.cache.set('fill', 'one');
    await heard;
    expect(await b.cache.get('fill')).toBe('one');
    // Behind the caches' backs (no bus message): b still answers from its own tier.
    await raw.set(`${run}p_fill`, defaultSerializer.dumps('changed'));
    const hits = b.tier.counters.localHits;
    expect(await b.cache.get('fill')).toBe('one');
    expect(b.tier.counters.localHits).toBe(hits + 1);
  });

  it('set in one process drops the entry in the other within milliseconds', async () => {
    await a.cache.set('k', 1);
    expect(await b.cache.get('k')).toBe(1);
    await a.cache.set('k', 2);
    const done = Date.now();
    await waitFor('b to see 2', async () => (await b.cache.get('k')) === 2, 2000);
    expect(Date.now() - done).toBeLessThan(2000);
  });

  it('delete, deleteMany, unlink and inc reach the other process', async () => {
    await a.cache.setMany({ d1: 1, d2: 2, d3: 3, n: 10 });
    expect(await b.cache.getMany('d1', 'd2', 'd3', 'n')).toEqual([1, 2, 3, 10]);
    await a.cache.delete('d1');
    await a.cache.deleteMany('d2');
    await a.cache.unlink('d3');
    await a.cache.inc('n', 5);
    await waitFor('b to see every change', async () => JSON.stringify(await b.cache.getMany('d1', 'd2', 'd3', 'n')) === JSON.stringify([null, null, null, 15]));
  });

  it('a local copy never outlives the Redis entry (its PTTL is read with the value)', async () => {
    await raw.set(`${run}p_short`, defaultSerializer.dumps('brief'), 'PX', 300);
    expect(await a.cache.get('short')).toBe('brief');
    expect(a.tier.local.peek(`${run}p_short`, Date.now())?.expires).toBeLessThanOrEqual(Date.now() + 300);
    await sleep(350);
    expect(await a.cache.get('short')).toBeUndefined();
  });

  it('add announces only when it stored; touch lengthens without announcing', async () => {
    expect(await a.cache.add('once', 'first')).toBe(true);
    expect(await b.cache.get('once')).toBe('first');
    expect(await a.cache.add('once', 'second')).toBe(false);
    expect(await b.cache.touch('once', 100)).toBe(true);
    expect(await raw.ttl(`${run}p_once`)).toBeGreaterThan(90);
    const hits = a.tier.counters.localHits;
    expect(await a.cache.get('once')).toBe('first');
    expect(a.tier.counters.localHits).toBe(hits + 1);
  });
});

describe('bus messages are applied to exactly what they name', () => {
  let inner: FleetCache;
  let outer: FleetCache;
  let sibling: FleetCache;
  beforeAll(async () => {
    [outer, inner, sibling] = await Promise.all([fleetCache(`${run}n_`), fleetCache(`${run}n_in_`), fleetCache(`${run}nx_`)]);
  });
  afterAll(async () => {
    await Promise.all([outer.cache.close(), inner.cache.close(), sibling.cache.close()]);
  });

  it("clear() on a prefix drops the local entries of a cache whose prefix is nested in it, and no other cache's", async () => {
    await Promise.all([inner.cache.set('v', 'inner'), sibling.cache.set('v', 'sibling')]);
    expect(await inner.cache.get('v')).toBe('inner');
    expect(await sibling.cache.get('v')).toBe('sibling');
    await outer.cache.clear();
    await waitFor('the nested cache to drop its copy', async () => (await inner.cache.get('v')) === undefined);
    expect(sibling.tier.local.peek(`${run}nx_v`, Date.now())?.value).toBe(defaultSerializer.dumps('sibling'));
  });

  it('a write through the nested cache drops the outer cache\'s copy of the same Redis key', async () => {
    await inner.cache.set('same', 1);
    expect(await outer.cache.get('in_same')).toBe(1);
    await inner.cache.set('same', 2);
    await waitFor('the outer cache to see 2', async () => (await outer.cache.get('in_same')) === 2);
  });

  it('deletePattern drops matching keys only', async () => {
    await outer.cache.setMany({ user_1: 1, user_2: 2, order_1: 3 });
    const other = await fleetCache(`${run}n_`);
    expect(await other.cache.getMany('user_1', 'user_2', 'order_1')).toEqual([1, 2, 3]);
    await outer.cache.deletePattern('user_*');
    await waitFor('the user keys to go', async () => (await other.cache.get('user_1')) === undefined);
    expect(other.tier.local.peek(`${run}n_order_1`, Date.now())?.value).toBe(defaultSerializer.dumps(3));
    await other.cache.close();
  });
});
