import { describe, expect, it } from 'vitest';
import { deleteMemoized, deleteMemoizedInstance, deleteMemoizedVerhash, functionVersionKey } from '../../src/index.js';
import { counted, fresh } from '../helpers/memory-cache.js';

describe('deleteMemoized on functions', () => {
  it('deleteMemoized(fn) invalidates every entry (test_memoize_delete)', async () => {
    const cache = fresh();
    const { fn: bigFoo, runs } = counted(cache, 'bigFooAll');
    const a = await bigFoo(5, 2);
    const b = await bigFoo(5, 3);
    expect(await bigFoo(5, 2)).toBe(a);
    expect(await cache.deleteMemoized(bigFoo)).toBe(true);
    expect(await bigFoo(5, 2)).not.toBe(a);
    expect(await bigFoo(5, 3)).not.toBe(b);
    expect(runs.n).toBe(4);
  });

  it('deleteMemoized(fn, ...args) removes only that entry (test_memoize_no_timeout_delete)', async () => {
    const cache = fresh();
    const { fn: bigFoo, runs } = counted(cache, 'bigFooOne');
    const a = await bigFoo(5, 2);
    const b = await bigFoo(5, 1);
    expect(await cache.deleteMemoized(bigFoo, 5, 2)).toBe(true);
    expect(await bigFoo(5, 1)).toBe(b);
    expect(await bigFoo(5, 2)).not.toBe(a);
    expect(runs.n).toBe(3);
    expect(await cache.deleteMemoized(bigFoo, 9, 9)).toBe(false);
  });

  it('deleteMemoized(fn, ...args) normalises the arguments like the call did', async () => {
    const cache = fresh();
    const { fn, runs } = counted(cache, 'normalised');
    await fn(5);
    expect(await cache.deleteMemoized(fn, 5, 0)).toBe(true);
    await fn(5, 0);
    expect(await cache.deleteMemoized(fn, 5, undefined)).toBe(true);
    await fn(5);
    expect(runs.n).toBe(3);
  });

  it('fn.deleteMemoized() is deleteMemoized(fn) (test_memoize_delete_via_attribute)', async () => {
    const cache = fresh();
    const { fn, runs } = counted(cache, 'viaAttribute');
    await fn(1);
    expect(await fn.deleteMemoized()).toBe(true);
    await fn(1);
    expect(runs.n).toBe(2);
  });

  it('the free deleteMemoized finds the cache from the decoration', async () => {
    const a = fresh();
    const b = fresh();
    const { fn, runs } = counted(b, 'freeDelete');
    await fn(1);
    expect(await a.has(functionVersionKey('freeDelete'))).toBe(false);
    expect(await deleteMemoized(fn, 1)).toBe(true);
    await fn(1);
    expect(runs.n).toBe(2);
  });

  it('deleteMemoizedVerhash(fn) deletes the version key; the next call recomputes and writes a new one (test_memoize_verhash_delete)', async () => {
    const cache = fresh();
    const { fn, runs } = counted(cache, 'verhash');
    await fn(5, 2);
    const version = await cache.get(functionVersionKey('verhash'));
    expect(typeof version).toBe('string');
    expect(await deleteMemoizedVerhash(fn)).toBe(true);
    expect(await cache.get(functionVersionKey('verhash'))).toBeUndefined();
    await fn(5, 2);
    expect(runs.n).toBe(2);
    const next = await cache.get(functionVersionKey('verhash'));
    expect(typeof next).toBe('string');
    expect(next).not.toBe(version);
    await fn(5, 2);
    expect(runs.n).toBe(2);
  });

  it('an undecorated function or a non-function throws TypeError at once', () => {
    const cache = fresh();
    async function plain() {
      return 1;
    }
    expect(() => cache.deleteMemoized(plain)).toThrow(TypeError);
    // @ts-expect-error an undecorated function is typed as a method: the instance comes first
    expect(() => deleteMemoized(plain, 1)).toThrow(TypeError);
    // @ts-expect-error not a function
    expect(() => deleteMemoized('plain')).toThrow(TypeError);
    expect(() => deleteMemoizedVerhash(plain)).toThrow(TypeError);
    expect(() => deleteMemoizedInstance({}, plain)).toThrow(TypeError);
  });

  it('a @Cached function is refused with a pointer to deleteCached', () => {
    const cache = fresh();
    const view = cache.cached()(async function view() {
      return 1;
    });
    expect(() => deleteMemoized(view)).toThrow(/deleteCached/);
  });

  it('a version reset is not undone by a computation that was running', async () => {
    const cache = fresh();
    let release!: () => void;
    let runs = 0;
    const fn = cache.memoize()(async function racing(a: number) {
      runs++;
      if (runs === 2) await new Promise<void>((r) => (release = r));
      return a + runs * 1000;
    });
    await fn(0); // versions exist, so the racing call below extends rather than adds them
    const slow = fn(1);
    await new Promise((r) => setTimeout(r, 5));
    await cache.deleteMemoized(fn);
    release();
    const stale = await slow;
    expect(await fn(1)).not.toBe(stale);
  });
});
