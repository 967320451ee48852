import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache } from '../../src/index.js';
import { advance, fresh } from '../helpers/memory-cache.js';

const silent = { ...console, warn: () => {}, error: () => {} };

// A function's first call mints its version through the round trip; later misses are found in
// place and stored in place, which is what these cases are about: each warms its function up first.

describe('in-memory misses stored in place (SimpleCache writes synchronously)', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => void vi.useRealTimers());

  it('a miss stores its result under the memoized key, and the next call is a hit', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize()(async function storedInPlace(a: number) {
      runs++;
      return { a, run: runs };
    });
    await f(0);
    expect(await f(1)).toEqual({ a: 1, run: 2 });
    expect(await cache.get(await f.makeCacheKey(undefined, 1))).toEqual({ a: 1, run: 2 });
    expect(await f(1)).toEqual({ a: 1, run: 2 });
    expect(await f(2)).toEqual({ a: 2, run: 3 });
  });

  it('concurrent misses of one call share one computation and one store', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize()(async function sharedMiss(a: number) {
      runs++;
      await Promise.resolve();
      return a * 10;
    });
    await f(0);
    expect(await Promise.all([f(1), f(1), f(1), f(2)])).toEqual([10, 10, 10, 20]);
    expect(runs).toBe(3);
    expect(await f(1)).toBe(10);
    expect(runs).toBe(3);
  });

  it('a result the serializer refuses is returned and reported, not stored; the next call computes again', async () => {
    const cache = fresh({ logger: silent });
    const errors: unknown[] = [];
    cache.events.on('error', (e) => errors.push(e));
    let runs = 0;
    const f = cache.memoize()(async function refusedResult(storable: boolean) {
      runs++;
      return storable ? { run: runs } : { run: runs, callback: () => runs };
    });
    await f(true);
    expect((await f(false)).run).toBe(2);
    expect(errors).toHaveLength(1);
    expect((await f(false)).run).toBe(3);
    expect((await f(false)).run).toBe(4);
  });

  it('in debug mode a refused result rejects the call, and the next call computes again', async () => {
    const cache = fresh({ debug: true, logger: silent });
    let runs = 0;
    const f = cache.memoize()(async function refusedInDebug(storable: boolean) {
      runs++;
      return storable ? runs : Symbol('not storable');
    });
    await f(true);
    await expect(f(false)).rejects.toThrow(TypeError);
    await expect(f(false)).rejects.toThrow(TypeError);
    await expect(f(false)).rejects.toThrow(TypeError);
    expect(runs).toBe(4);
  });

  it('a function that throws synchronously rejects the call, and the next call runs it again', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize()(function throwsAtOnce(a: number): Promise<number> {
      runs++;
      if (runs === 2 || runs === 3) throw new RangeError('second and third runs fail');
      return Promise.resolve(a + runs);
    });
    await f(0);
    await expect(f(1)).rejects.toThrow(RangeError);
    await expect(f(1)).rejects.toThrow(RangeError);
    expect(await f(1)).toBe(5);
    expect(await f(1)).toBe(5);
  });

  it('responseFilter returning a promise decides whether the result is stored', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize({ responseFilter: async (r: number) => r % 2 === 0 })(async function filteredLater(a: number) {
      runs++;
      return a;
    });
    await f(0);
    expect(await f(1)).toBe(1);
    expect(await f(1)).toBe(1);
    expect(await f(1)).toBe(1);
    expect(runs).toBe(4);
    expect(await f(2)).toBe(2);
    expect(await f(2)).toBe(2);
    expect(runs).toBe(5);
  });

  it('deleteMemoized(fn, ...args) during a computation: its result goes to its callers but is not stored', async () => {
    const cache = fresh();
    let source = 'old';
    let release = () => {};
    const f = cache.memoize()(async function invalidatedInFlight(a: number) {
      const seen = source;
      if (a === 1 && seen === 'old') await new Promise<void>((resolve) => (release = resolve));
      return `${seen}:${a}`;
    });
    await f(0);
    const before = f(1);
    source = 'new';
    await cache.deleteMemoized(f, 1);
    release();
    expect(await before).toBe('old:1');
    expect(await f(1)).toBe('new:1');
  });

  it('a stored entry keeps its function version alive as long as itself', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize({ timeout: 10 })(async function versionKeptAlive(a: number) {
      runs++;
      return a;
    });
    await f(1);
    advance(8);
    await f(2);
    // The version was written 12 s ago with a 10 s timeout; the entry of f(2) (8 s old) keeps it.
    advance(4);
    await f(2);
    expect(runs).toBe(2);
  });

  it('a cache subclass that overrides set sees every memoized store', async () => {
    class Counting extends Cache {
      writes: string[] = [];
      override set(key: string, value: unknown, timeout?: number) {
        this.writes.push(key);
        return super.set(key, value, timeout);
      }
    }
    const cache = new Counting({ type: 'SimpleCache' });
    const f = cache.memoize()(async function countedStore(a: number) {
      return a;
    });
    await f(0);
    await f(1);
    expect(cache.writes).toContain(await f.makeCacheKey(undefined, 1));
    expect(await f(1)).toBe(1);
  });
});
