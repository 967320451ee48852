import { describe, expect, it } from 'vitest';
import { BaseBackend, Cache, globToRegExp, NullBackend, NullCache, type Backend } from '../../src/index.js';
import { describeBackendConformance } from '../helpers/conformance.js';

/** The smallest custom backend: five methods over a Map, the rest derived by BaseBackend. */
class MapBackend extends BaseBackend {
  readonly name = 'MapBackend';
  readonly #map = new Map<string, { value: string; expires: number }>();

  async get(key: string) {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    if (entry.expires !== 0 && entry.expires <= Date.now()) {
      this.#map.delete(key);
      return undefined;
    }
    return entry.value;
  }
  async set(key: string, value: string, ttl: number) {
    this.#map.set(key, { value, expires: ttl > 0 ? Date.now() + ttl * 1000 : 0 });
    return true;
  }
  async delete(key: string) {
    const existed = (await this.get(key)) !== undefined;
    this.#map.delete(key);
    return existed;
  }
  async has(key: string) {
    return (await this.get(key)) !== undefined;
  }
  async clear(prefix: string) {
    for (const key of this.#map.keys()) if (key.startsWith(prefix)) this.#map.delete(key);
    return true;
  }
  override async deletePattern(pattern: string) {
    const re = globToRegExp(pattern);
    let count = 0;
    for (const key of [...this.#map.keys()]) if (re.test(key) && (await this.delete(key))) count++;
    return count;
  }
}

const shared = new MapBackend();
describeBackendConformance('a BaseBackend subclass', (keyPrefix) => new Cache({ type: shared, keyPrefix }), { realClock: false, enumerates: true });
describeBackendConformance('a backend factory', (keyPrefix) => new Cache({ type: () => new MapBackend(), keyPrefix }), { realClock: false, enumerates: true });

// NullBackend stores nothing, so the storage contract of decocache/testing does not apply to it:
// it answers as cachelib's NullCache does (every write succeeds, every read misses), checked here.
describe('NullBackend', () => {
  it('every write reports success, every read misses, and nothing is kept', async () => {
    const b: Backend = new NullBackend();
    expect(await b.set('k', 'v', 0)).toBe(true);
    expect(await b.add('k', 'v', 0)).toBe(true);
    expect(await b.add('k', 'w', 60)).toBe(true);
    expect(await b.setMany([['a', '1'], ['b', '2']], 0)).toEqual(['a', 'b']);
    expect(await b.get('k')).toBeUndefined();
    expect(await b.getMany(['a', 'k', 'b'])).toEqual([undefined, undefined, undefined]);
    expect(await b.has('k')).toBe(false);
    expect(await b.inc('n', 5)).toBe(5);
    expect(await b.inc('n', -2)).toBe(-2);
    expect(await b.touch('k', 60)).toBe(false);
    expect(await b.delete('k')).toBe(true);
    expect(await b.deleteMany(['a', 'b'])).toEqual(['a', 'b']);
    expect(await b.deletePattern?.('*')).toBe(0);
    expect(await b.clear('')).toBe(true);
    expect([b.unlink, b.peek, b.shared]).toEqual([undefined, undefined, false]);
    await expect(b.close()).resolves.toBeUndefined();
  });
});

describe('NullCache (TestNullCache)', () => {
  const cache = new Cache({ type: 'NullCache' });

  it('stores nothing: get misses, has is false, set and add report true (test_has)', async () => {
    expect(await cache.set('foo', 'bar')).toBe(true);
    expect(await cache.add('foo', 'bar')).toBe(true);
    expect(await cache.get('foo')).toBeUndefined();
    expect(await cache.has('foo')).toBe(false);
    expect(await cache.getMany('a', 'b')).toEqual([undefined, undefined]);
    expect(await cache.clear()).toBe(true);
  });

  it('a memoized function runs every time', async () => {
    let calls = 0;
    const f = cache.memoize()(async function nullMemo() {
      return ++calls;
    });
    await f();
    await f();
    expect(calls).toBe(2);
  });

  it('is exported under its Flask name', () => {
    expect(new NullCache().name).toBe('NullCache');
  });
});

describe('choosing the backend', () => {
  it('a bare client picks its backend: ioredis → RedisCache, Keyv → KeyvCache', async () => {
    const { Redis } = await import('ioredis');
    const { Keyv } = await import('keyv');
    const redis = new Redis({ lazyConnect: true });
    const keyvCache = new Cache({ client: new Keyv() });
    expect((await keyvCache.backend()).name).toBe('KeyvCache');
    const redisCache = new Cache({ client: redis });
    expect((await redisCache.backend()).name).toBe('RedisCache');
    redis.disconnect();
  });

  it('a backend class instead of an instance is a TypeError that says what to pass', () => {
    expect(() => new Cache({ type: MapBackend as unknown as () => MapBackend })).toThrow(/pass an instance/);
  });
});
