import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { NotAnIntegerError, NotSupportedError } from '../../src/errors.js';
import { Cache } from '../../src/index.js';
import { KeyvCache, createKeyvBackend } from '../../src/backends/keyv.js';
import { sleep } from '../helpers/servers/process.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';

const redis = inject('redis');
const redisUrl = `redis://${redis.host}:${redis.port}`;
const toClose: Keyv<unknown>[] = [];

function redisKeyv(namespace: string): Keyv<unknown> {
  const keyv = new Keyv<unknown>(new KeyvRedis(redisUrl), { namespace, throwOnErrors: true });
  toClose.push(keyv);
  return keyv;
}

afterAll(async () => {
  await Promise.all(toClose.map((k) => k.disconnect()));
});

const inMemory = new KeyvCache();
runBackendSuite('KeyvCache (in-memory Keyv)', () => inMemory, { atomic: true, deletePattern: true }, 'fake');
const suiteKeyv = redisKeyv(`suite_kv_${process.pid}`);
runBackendSuite('KeyvCache (@keyv/redis)', () => new KeyvCache({ client: suiteKeyv, shared: true }), { atomic: true, deletePattern: true }, 'real');

describeBackendConformance('KeyvCache (in-memory Keyv)', (keyPrefix) => new Cache({ type: 'KeyvCache', keyPrefix }), {
  realClock: false,
  enumerates: true,
});

describeBackendConformance(
  'KeyvCache (@keyv/redis)',
  (keyPrefix) => new Cache({ type: new KeyvCache({ client: redisKeyv(`conf_kv_${process.pid}`), shared: true }), keyPrefix }),
  { realClock: true, enumerates: true },
);

describe('KeyvCache', () => {
  it('reports name, shared and defaultKeyPrefix', () => {
    const b = new KeyvCache();
    expect([b.name, b.shared, b.defaultKeyPrefix]).toEqual(['KeyvCache', false, '']);
    expect(new KeyvCache({ shared: true }).shared).toBe(true);
  });

  it('a ttl in seconds becomes Keyv milliseconds and 0 never expires', async () => {
    const b = new KeyvCache();
    await b.set('short', 'v', 1);
    await b.set('forever', 'v', 0);
    const raw = await b.keyv.getRaw('short');
    expect(raw?.expires).toBeGreaterThan(Date.now() + 500);
    expect(raw?.expires).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await b.keyv.getRaw('forever'))?.expires).toBeUndefined();
  });

  it('inc keeps the expiry and rejects a non-integer with NotAnIntegerError', async () => {
    const b = new KeyvCache();
    await b.set('n', '5', 60);
    const before = (await b.keyv.getRaw('n'))?.expires;
    expect(await b.inc('n', -8)).toBe(-3);
    expect((await b.keyv.getRaw('n'))?.expires).toBeGreaterThanOrEqual(before! - 5);
    expect(await b.inc('fresh', 2)).toBe(2);
    await b.set('text', '!"x"', 0);
    await expect(b.inc('text', 1)).rejects.toBeInstanceOf(NotAnIntegerError);
  });

  it('add and inc are serialized per key within a process: 50 adds store once, 200 incs all count', async () => {
    const b = new KeyvCache();
    const added = await Promise.all(Array.from({ length: 50 }, (_, i) => b.add('once', String(i), 0)));
    expect(added.filter(Boolean)).toHaveLength(1);
    await Promise.all(Array.from({ length: 200 }, () => b.inc('count', 1)));
    expect(await b.get('count')).toBe('200');
  });

  it('touch never shortens an expiry', async () => {
    const b = new KeyvCache();
    await b.set('k', 'v', 100);
    expect(await b.touch('k', 1)).toBe(true);
    expect((await b.keyv.getRaw('k'))?.expires).toBeGreaterThan(Date.now() + 90_000);
    expect(await b.touch('k', 0)).toBe(true);
    expect((await b.keyv.getRaw('k'))?.expires).toBeUndefined();
    expect(await b.touch('missing', 10)).toBe(false);
  });

  it('clear(prefix) and deletePattern on a store Keyv cannot iterate reject with NotSupportedError', async () => {
    const store = new Map<unknown, unknown>();
    const keyv = new Keyv<unknown>({ store: { get: (k: string) => store.get(k), set: (k: string, v: unknown) => void store.set(k, v), delete: (k: string) => store.delete(k), clear: () => store.clear(), on: () => undefined, opts: {} } as never });
    const b = new KeyvCache({ client: keyv });
    await b.set('a_1', 'v', 0);
    await expect(b.clear('a_')).rejects.toBeInstanceOf(NotSupportedError);
    await expect(b.deletePattern('a_*')).rejects.toBeInstanceOf(NotSupportedError);
    expect(await b.clear('')).toBe(true);
    expect(await b.get('a_1')).toBeUndefined();
  });

  it('against @keyv/redis: clear(prefix) deletes only that prefix and entries expire in real time', async () => {
    const b = new KeyvCache({ client: redisKeyv(`kvr_${process.pid}`), shared: true });
    await b.setMany([['p1_a', '1'], ['p1_b', '2'], ['p2_a', '3']], 0);
    await b.set('p2_short', 'v', 1);
    expect(await b.clear('p1_')).toBe(true);
    expect(await b.getMany(['p1_a', 'p1_b', 'p2_a'])).toEqual([undefined, undefined, '3']);
    expect(await b.deletePattern('p2_?')).toBe(1);
    await sleep(1200);
    expect(await b.get('p2_short')).toBeUndefined();
  });

  it('close() leaves a Keyv that was passed in connected', async () => {
    const keyv = redisKeyv(`kvc_${process.pid}`);
    const b = new KeyvCache({ client: keyv });
    await b.set('k', 'v', 0);
    await b.close();
    expect(await keyv.get('k')).toBe('v');
  });
});

describe('createKeyvBackend', () => {
  it('uses a Keyv passed as client, else an in-memory Keyv, and rejects other clients', async () => {
    const keyv = new Keyv<unknown>();
    const b = createKeyvBackend({ client: keyv });
    await b.set('k', 'v', 0);
    expect(await keyv.get('k')).toBe('v');
    expect(createKeyvBackend({}).name).toBe('KeyvCache');
    expect(() => createKeyvBackend({ client: {} })).toThrow(TypeError);
  });
});
