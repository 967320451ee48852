import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { functionVersionKey } from '../../src/index.js';
import { advance, fresh } from '../helpers/memory-cache.js';

describe('memoize: hits, misses and expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a repeat call from the cache until the timeout, per argument list (test_memoize)', async () => {
    const cache = fresh();
    let calls = 0;
    const bigFoo = cache.memoize({ timeout: 3 })(async function bigFoo(a: number, b: number) {
      calls++;
      return a + b + Math.random();
    });
    const first = await bigFoo(5, 2);
    advance(1);
    expect(await bigFoo(5, 2)).toBe(first);
    const other = await bigFoo(5, 3);
    expect(other).not.toBe(first);
    expect(calls).toBe(2);
    advance(3);
    expect(await bigFoo(5, 2)).not.toBe(first);
    expect(await bigFoo(5, 3)).not.toBe(other);
    expect(calls).toBe(4);
  });

  it('uses the cache defaultTimeout when no timeout is given (test_memoize_timeout)', async () => {
    const cache = fresh({ defaultTimeout: 1 });
    const f = cache.memoize()(async function f(a: number) {
      return a + Math.random();
    });
    const first = await f(1);
    expect(await f(1)).toBe(first);
    advance(2);
    expect(await f(1)).not.toBe(first);
  });

  it('timeout 0 keeps entries forever', async () => {
    const cache = fresh({ defaultTimeout: 1 });
    const f = cache.memoize({ timeout: 0 })(async function forever(a: number) {
      return a + Math.random();
    });
    const first = await f(1);
    advance(365 * 24 * 3600);
    expect(await f(1)).toBe(first);
  });

  it('an entry written late keeps its own timeout: the version key is not orphaning it (test_memoize_entry_written_late_keeps_its_own_timeout)', async () => {
    const cache = fresh();
    let calls = 0;
    const food = cache.memoize({ timeout: 60 })(async function food(name: string) {
      calls++;
      return `${name}:${calls}`;
    });
    expect(await food('icecream')).toBe('icecream:1');
    advance(59);
    expect(await food('waffles')).toBe('waffles:2');
    advance(2);
    expect(await food('waffles')).toBe('waffles:2');
    expect(await food('icecream')).toBe('icecream:3');
    advance(60);
    expect(await food('waffles')).toBe('waffles:4');
  });

  it('the version key outlives the newest entry (test_memoize_version_key_outlives_newest_entry)', async () => {
    const cache = fresh();
    const f = cache.memoize({ timeout: 60 })(async function outlives(a: number) {
      return a * 2;
    });
    await f(1);
    advance(50);
    await f(2);
    advance(59);
    expect(await cache.has(functionVersionKey('outlives'))).toBe(true);
    advance(2);
    expect(await cache.has(functionVersionKey('outlives'))).toBe(false);
  });

  it('the version key expires once its entries have (test_memoize_version_key_expires_once_its_entries_have)', async () => {
    const cache = fresh();
    const f = cache.memoize({ timeout: 60 })(async function expiresWith(a: number) {
      return a * 2;
    });
    await f(1);
    expect(await cache.has('expiresWith_memver')).toBe(true);
    advance(61);
    expect(await cache.has('expiresWith_memver')).toBe(false);
  });

  it('after deleteMemoized(fn) and a long gap, a new entry still lives its full timeout (test_memoize_delete_resets_version_key)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ timeout: 60 })(async function resets(a: number) {
      calls++;
      return a + calls;
    });
    await f(1);
    await cache.deleteMemoized(f);
    await f(1);
    expect(calls).toBe(2);
    advance(3600);
    const late = await f(1);
    expect(calls).toBe(3);
    advance(30);
    expect(await f(1)).toBe(late);
    expect(calls).toBe(3);
  });

  it('fn.cacheTimeout reads the timeout and a new value applies to later stores (test_cache_timeout_property)', async () => {
    const cache = fresh();
    const f = cache.memoize({ timeout: 2 })(async function timed(a: number) {
      return a + Math.random();
    });
    expect(f.cacheTimeout).toBe(2);
    f.cacheTimeout = 5;
    expect(f.cacheTimeout).toBe(5);
    const first = await f(1);
    advance(4);
    expect(await f(1)).toBe(first);
    advance(2);
    expect(await f(1)).not.toBe(first);
    expect(() => {
      f.cacheTimeout = -1;
    }).toThrow(TypeError);
    expect(() => {
      f.cacheTimeout = Infinity;
    }).toThrow(/cacheTimeout/);
    expect(() => {
      f.cacheTimeout = Number.NaN;
    }).toThrow(/cacheTimeout/);
    expect(f.cacheTimeout).toBe(5);
    f.cacheTimeout = undefined;
    expect(f.cacheTimeout).toBeUndefined();
  });
});
