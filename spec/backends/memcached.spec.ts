import memjs from 'memjs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BackendError, NotAnIntegerError, NotSupportedError, ValueTooLargeError } from '../../src/errors.js';
import { MemcachedCache, createMemcachedBackend, wireKey, type MemjsClient } from '../../src/backends/memcached/index.js';
import { Cache } from '../../src/index.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';
import { sleep } from '../helpers/servers/process.js';

const servers = inject('memcached');
const opened: MemcachedCache[] = [];
let n = 0;

/** A backend on the shared server with a prefix no other test uses. */
function backend(prefix = `mc${process.pid}_${n++}_`): MemcachedCache {
  const b = new MemcachedCache({ servers, keyPrefix: prefix });
  opened.push(b);
  return b;
}

afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()));
});

runBackendSuite('MemcachedCache', (keyPrefix) => new MemcachedCache({ servers, keyPrefix }), { atomic: true, touchSetsExpiry: true, negativeIncDropsExpiry: true }, 'real');

describeBackendConformance('MemcachedCache', (keyPrefix) => new Cache({ type: 'MemcachedCache', memcachedServers: servers, keyPrefix }), {
  realClock: true,
  enumerates: false,
});

describe('MemcachedCache', () => {
  it('set then get round-trips a string and get of a missing key is undefined', async () => {
    const b = backend('rt_');
    expect(await b.set('rt_a', '!"héllo"', 0)).toBe(true);
    expect(await b.get('rt_a')).toBe('!"héllo"');
    expect(await b.get('rt_missing')).toBeUndefined();
  });

  it('reports name, shared, defaultKeyPrefix and serverWide', () => {
    const b = backend();
    expect([b.name, b.shared, b.defaultKeyPrefix, b.serverWide]).toEqual(['MemcachedCache', true, 'decocache_', true]);
  });

  it('getMany returns values in key order with undefined for misses', async () => {
    const b = backend('gm_');
    await b.setMany([['gm_1', 'one'], ['gm_3', 'three']], 0);
    expect(await b.getMany(['gm_1', 'gm_2', 'gm_3', 'gm_1'])).toEqual(['one', undefined, 'three', 'one']);
    expect(await b.getMany([])).toEqual([]);
  });

  it('add stores only when absent, and 50 concurrent adds store exactly once', async () => {
    const b = backend('add_');
    expect(await b.add('add_k', 'v1', 0)).toBe(true);
    expect(await b.add('add_k', 'v2', 0)).toBe(false);
    expect(await b.get('add_k')).toBe('v1');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => b.add('add_race', String(i), 0)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('delete and deleteMany report what existed and leave keys absent', async () => {
    const b = backend('del_');
    await b.set('del_a', '1', 0);
    expect(await b.delete('del_a')).toBe(true);
    expect(await b.delete('del_a')).toBe(false);
    await b.set('del_b', '1', 0);
    expect(await b.deleteMany(['del_b', 'del_c'])).toEqual(['del_b', 'del_c']);
    expect(await b.has('del_b')).toBe(false);
  });

  it('has is true only for live keys', async () => {
    const b = backend('has_');
    await b.set('has_k', 'v', 0);
    expect(await b.has('has_k')).toBe(true);
    expect(await b.has('has_nope')).toBe(false);
  });

  it('inc creates a missing counter, adds atomically, and dec goes below zero', async () => {
    const b = backend('inc_');
    expect(await b.inc('inc_c', 5)).toBe(5);
    expect(await b.inc('inc_c', 2)).toBe(7);
    expect(await b.inc('inc_c', -10)).toBe(-3);
    expect(await b.inc('inc_c', 1)).toBe(-2);
    expect(await b.get('inc_c')).toBe('-2');
    expect(await b.inc('inc_new', -4)).toBe(-4);
  });

  it('inc on a value that is not an integer rejects with NotAnIntegerError', async () => {
    const b = backend('nai_');
    await b.set('nai_k', '!"text"', 0);
    await expect(b.inc('nai_k', 1)).rejects.toBeInstanceOf(NotAnIntegerError);
    await expect(b.inc('nai_k', -1)).rejects.toBeInstanceOf(NotAnIntegerError);
  });

  it('1000 concurrent inc from two clients end at exactly 1000', async () => {
    const a = backend('race_');
    const c = backend('race_');
    await Promise.all(Array.from({ length: 1000 }, (_, i) => (i % 2 ? a : c).inc('race_n', 1)));
    expect(await a.get('race_n')).toBe('1000');
  });

  it('concurrent dec from two clients stay exact through the CAS path', async () => {
    const a = backend('crace_');
    const c = backend('crace_');
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : c).inc('crace_n', -1)));
    expect(await a.get('crace_n')).toBe('-100');
  });

  it('an entry with a ttl expires, and a timeout over 30 days stores and reads back', async () => {
    const b = backend('ttl_');
    await b.set('ttl_short', 'v', 1);
    await b.set('ttl_long', 'v', 60 * 60 * 24 * 45);
    expect(await b.get('ttl_short')).toBe('v');
    await sleep(2100);
    expect(await b.get('ttl_short')).toBeUndefined();
    expect(await b.get('ttl_long')).toBe('v');
  });

  it('touch extends an entry and reports whether it exists', async () => {
    const b = backend('touch_');
    await b.set('touch_k', 'v', 1);
    expect(await b.touch('touch_k', 60)).toBe(true);
    expect(await b.touch('touch_none', 60)).toBe(false);
    await sleep(2100);
    expect(await b.get('touch_k')).toBe('v');
  });

  it('a 300-character key, a key with spaces and an empty key round-trip separately', async () => {
    const b = backend('keys_');
    const long = `keys_${'x'.repeat(300)}`;
    const longer = `${long}y`;
    const spaced = 'keys_a key with spaces\nand a newline';
    await b.set(long, 'long', 0);
    await b.set(longer, 'longer', 0);
    await b.set(spaced, 'spaced', 0);
    await b.set('', 'empty', 0);
    expect(await b.getMany([long, longer, spaced, ''])).toEqual(['long', 'longer', 'spaced', 'empty']);
    expect(wireKey(long)).toHaveLength(120 + 1 + 64);
    expect(wireKey(spaced)).not.toContain(' ');
    expect(await b.get('keys_a')).toBeUndefined();
  });

  it('a value over the item size limit rejects with ValueTooLargeError and the connection stays usable', async () => {
    const b = backend('big_');
    const error = await b.set('big_k', 'x'.repeat(2 * 1024 * 1024), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValueTooLargeError);
    expect(error).toMatchObject({ code: 'E_VALUE_TOO_LARGE', limit: 1024 * 1024 });
    expect(await b.set('big_small', 'ok', 0)).toBe(true);
    expect(await b.get('big_small')).toBe('ok');
  });

  it('clear(prefix) drops this prefix and leaves another prefix on the same server alone', async () => {
    const mine = backend('clrA_');
    const other = backend('clrB_');
    const peer = backend('clrA_');
    await mine.set('clrA_k', 'a', 0);
    await other.set('clrB_k', 'b', 0);
    expect(await peer.get('clrA_k')).toBe('a');
    expect(await mine.clear('clrA_')).toBe(true);
    expect(await mine.get('clrA_k')).toBeUndefined();
    expect(await peer.get('clrA_k')).toBeUndefined();
    expect(await other.get('clrB_k')).toBe('b');
    await peer.set('clrA_k', 'again', 0);
    expect(await mine.get('clrA_k')).toBe('again');
  });

  it('clear of a prefix it was not built with rejects with NotSupportedError', async () => {
    await expect(backend('p1_').clear('p2_')).rejects.toBeInstanceOf(NotSupportedError);
  });

  it('deletePattern rejects with NotSupportedError', async () => {
    await expect(backend().deletePattern('x*')).rejects.toBeInstanceOf(NotSupportedError);
  });

  it('close() leaves a client that was passed in open', async () => {
    const client = memjs.Client.create(servers, { logger: { log() {} } }) as unknown as MemjsClient;
    const b = new MemcachedCache({ client, keyPrefix: 'own_' });
    await b.set('own_k', 'v', 0);
    await b.close();
    expect(await b.get('own_k')).toBe('v');
    client.close();
  });

  it('a server that does not answer rejects within operationTimeout', async () => {
    const b = new MemcachedCache({ servers: '127.0.0.1:1', operationTimeout: 300 });
    opened.push(b);
    const t0 = Date.now();
    await expect(b.get('decocache_x')).rejects.toBeInstanceOf(BackendError);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('createMemcachedBackend', () => {
  it('maps memcachedServers as a comma list or array, and keyPrefix to the clear() namespace', async () => {
    const b = createMemcachedBackend('MemcachedCache', { memcachedServers: ` ${servers} `, keyPrefix: 'cfg_' });
    await b.set('cfg_k', 'v', 0);
    expect(await b.get('cfg_k')).toBe('v');
    expect(await b.clear('cfg_')).toBe(true);
    await b.close();
    const c = createMemcachedBackend('MemcachedCache', { memcachedServers: [servers] });
    expect(c.name).toBe('MemcachedCache');
    await c.close();
  });

  it('rejects half the SASL credentials and a client that is not memjs with a TypeError naming the field', () => {
    expect(() => createMemcachedBackend('SASLMemcachedCache', { memcachedServers: servers, memcachedPassword: 'p' })).toThrow(/memcachedUsername/);
    expect(() => createMemcachedBackend('SpreadSASLMemcachedCache', { memcachedUsername: 'u' })).toThrow(/memcachedPassword/);
    expect(() => createMemcachedBackend('MemcachedCache', { client: {} })).toThrow(/client/);
    expect(() => createMemcachedBackend('MemcachedCache', { memcachedServers: '' })).toThrow(/memcachedServers/);
  });
});

describe('SASL kinds without a username (Flask through pylibmc: binary protocol, no SASL)', () => {
  it('SpreadSASLMemcachedCache with no credentials stores and spreads values on a memcached without SASL', async () => {
    const cache = new Cache({ type: 'SpreadSASLMemcachedCache', memcachedServers: servers, keyPrefix: `nosasl${process.pid}_` });
    try {
      const big = 'é'.repeat(800_000);
      expect(await cache.set('big', big)).toBe(true);
      expect(await cache.get('big')).toBe(big);
      expect(await cache.inc('n', 2)).toBe(2);
      let calls = 0;
      const square = cache.memoize()(async function nosaslSquare(x: number) {
        calls++;
        return x * x;
      });
      expect([await square(3), await square(3), calls]).toEqual([9, 9, 1]);
    } finally {
      await cache.clear();
      await cache.close();
    }
  });

  it('SASLMemcachedCache with no credentials is a plain binary-protocol client', async () => {
    const b = createMemcachedBackend('SASLMemcachedCache', { memcachedServers: servers, keyPrefix: 'nosasl_' });
    try {
      expect(b.name).toBe('SASLMemcachedCache');
      expect(await b.set('nosasl_k', 'v', 0)).toBe(true);
      expect(await b.get('nosasl_k')).toBe('v');
    } finally {
      await b.delete('nosasl_k');
      await b.close();
    }
  });
});
