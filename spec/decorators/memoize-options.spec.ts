import 'reflect-metadata';
import { describe, expect, it, vi } from 'vitest';
import { Cache } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('memoize: options', () => {
  it('forcedUpdate is called exactly once per call, hit or miss, with the arguments (test_memoize_forced_update_parameters)', async () => {
    const cache = fresh();
    const seen: unknown[][] = [];
    let forced = false;
    let calls = 0;
    const f = cache.memoize({
      forcedUpdate: (...args: number[]) => {
        seen.push(args);
        return forced;
      },
    })(async function forcedFn(a: number, b: number) {
      calls++;
      return a + b + calls;
    });
    const first = await f(5, 2);
    expect(seen).toEqual([[5, 2]]);
    expect(await f(5, 2)).toBe(first);
    expect(seen).toHaveLength(2);
    forced = true;
    const second = await f(5, 2);
    expect(second).not.toBe(first);
    expect(seen).toHaveLength(3);
    forced = false;
    expect(await f(5, 2)).toBe(second);
    expect(seen).toEqual([[5, 2], [5, 2], [5, 2], [5, 2]]);
    expect(calls).toBe(2);
  });

  it('forcedUpdate triggers only on === true', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ forcedUpdate: () => 1 as unknown as boolean })(async function truthy() {
      return ++calls;
    });
    await f();
    await f();
    expect(calls).toBe(1);
  });

  it('isStale is called only on hits, with the cached value then the arguments (test_memoize_is_stale_parameters)', async () => {
    const cache = fresh();
    const seen: unknown[][] = [];
    let calls = 0;
    const f = cache.memoize({
      isStale: (cached: number, ...args: number[]) => {
        seen.push([cached, ...args]);
        return cached < 2;
      },
    })(async function staleFn(a: number, b: number) {
      return a * 0 + b * 0 + ++calls;
    });
    expect(await f(5, 2)).toBe(1);
    expect(seen).toEqual([]);
    expect(await f(5, 2)).toBe(2);
    expect(seen).toEqual([[1, 5, 2]]);
    expect(await f(5, 2)).toBe(2);
    expect(seen).toEqual([[1, 5, 2], [2, 5, 2]]);
  });

  it('isStale is not called when forcedUpdate fired (test_cache_is_stale_not_called_on_forced_update)', async () => {
    const cache = fresh();
    const isStale = vi.fn(() => false);
    let calls = 0;
    const f = cache.memoize({ forcedUpdate: () => true, isStale })(async function forcedStale() {
      return ++calls;
    });
    await f();
    await f();
    expect(calls).toBe(2);
    expect(isStale).not.toHaveBeenCalled();
  });

  it('callbacks get the call\'s this and may return a Promise', async () => {
    const cache = fresh();
    let calls = 0;
    class WithThis {
      skip = false;
      @cache.memoize({ unless: async function (this: WithThis) { return this.skip; } })
      async v() {
        return ++calls;
      }
    }
    const w = new WithThis();
    await w.v();
    await w.v();
    expect(calls).toBe(1);
    w.skip = true;
    await w.v();
    expect(calls).toBe(2);
  });

  it('unless === true bypasses the cache entirely: nothing read, nothing written', async () => {
    const cache = fresh();
    let calls = 0;
    let skip = true;
    const f = cache.memoize({ unless: (a: number) => skip && a > 0 })(async function unlessFn(a: number) {
      return a + ++calls;
    });
    await f(1);
    await f(1);
    expect(calls).toBe(2);
    expect(await cache.has('unlessFn_memver')).toBe(false);
    skip = false;
    await f(1);
    await f(1);
    expect(calls).toBe(3);
  });

  it('responseFilter decides what is stored; the result is returned either way', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ responseFilter: (r: { status: number }) => r.status < 400 })(async function filtered(status: number) {
      calls++;
      return { status };
    });
    expect(await f(500)).toEqual({ status: 500 });
    expect(await f(500)).toEqual({ status: 500 });
    expect(calls).toBe(2);
    await f(200);
    await f(200);
    expect(calls).toBe(3);
  });

  it('undefined and null results are not cached by default (test_memoize_never_accept_none)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function nothing(kind: string) {
      calls++;
      return kind === 'null' ? null : undefined;
    });
    await f('null');
    await f('null');
    await f('undefined');
    await f('undefined');
    expect(calls).toBe(4);
  });

  it('cacheNone caches undefined and null results until clear() (test_memoize_none)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ cacheNone: true })(async function none(kind: string) {
      calls++;
      return kind === 'null' ? null : undefined;
    });
    expect(await f('null')).toBeNull();
    expect(await f('null')).toBeNull();
    expect(await f('undefined')).toBeUndefined();
    expect(await f('undefined')).toBeUndefined();
    expect(calls).toBe(2);
    await cache.clear();
    await f('null');
    expect(calls).toBe(3);
  });

  // Flask's tests redefine one function in place. Here each version goes through one decoration
  // site, as a hot reload re-evaluates it; a different place would be a TypeError (fname registry).
  it('sourceCheck: same source shares entries, different source does not (test_memoize_with_source_check_enabled)', async () => {
    const cache = fresh();
    const versions = [
      async function src(a: number) {
        return a + Math.random();
      },
      async function src(a: number) {
        return a + Math.random() + 1000;
      },
      async function src(a: number) {
        return a + Math.random();
      },
    ];
    const [v1, v2, v3] = versions.map((version) => cache.memoize({ sourceCheck: true })(version));
    const first = await v1!(1);
    expect(await v2!(1)).not.toBe(first);
    expect(await v3!(1)).toBe(first);
    expect(await v3!.makeCacheKey(undefined, 1)).toBe(await v1!.makeCacheKey(undefined, 1));
    expect(await v2!.makeCacheKey(undefined, 1)).not.toBe(await v1!.makeCacheKey(undefined, 1));
  });

  it('without sourceCheck a changed body still hits the old entry (test_memoize_with_source_check_disabled)', async () => {
    const cache = fresh();
    const versions = [
      async function nosrc(a: number) {
        return a;
      },
      async function nosrc(a: number) {
        return a + 1000;
      },
    ];
    const [v1, v2] = versions.map((version) => cache.memoize()(version));
    expect(await v1!(1)).toBe(1);
    expect(await v2!(1)).toBe(1);
  });

  it('the cache config sourceCheck applies when the decorator does not say (test_memoize_source_check_from_config)', async () => {
    const cache = fresh({ sourceCheck: true });
    const versions = [
      async function cfgsrc(a: number) {
        return a;
      },
      async function cfgsrc(a: number) {
        return a + 0;
      },
    ];
    const [v1, v2] = versions.map((version) => cache.memoize()(version));
    expect(await v1!(1)).toBe(1);
    expect(await v2!.makeCacheKey(undefined, 1)).not.toBe(await v1!.makeCacheKey(undefined, 1));
    expect(await cache.deleteMemoized(v1!, 1)).toBe(true);
  });

  it.each(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const)('memoizes with hashMethod %s (test_memoize_hashes)', async (hashMethod) => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ hashMethod, namespace: hashMethod })(async function hashed(a: number) {
      return a + ++calls;
    });
    expect(await f(1)).toBe(2);
    expect(await f(1)).toBe(2);
    expect(await f(2)).toBe(4);
    expect(await cache.deleteMemoized(f, 1)).toBe(true);
    expect(await f(1)).toBe(4);
  });

  it('the cache hashMethod applies at call time, after decoration (test_hash_method_resolved_after_decoration)', async () => {
    const cache = new Cache();
    const f = cache.memoize()(async function lateHash(a: number) {
      return a;
    });
    const before = await f.makeCacheKey(undefined, 1);
    cache.init({ type: 'SimpleCache', hashMethod: 'md5' });
    const after = await f.makeCacheKey(undefined, 1);
    expect(after.slice(0, 16)).not.toBe(before.slice(0, 16));
    await f(1);
    expect(await cache.deleteMemoized(f, 1)).toBe(true);
  });

  it('rejects wrong option types with a TypeError naming the option', () => {
    const cache = fresh();
    expect(() => cache.memoize({ timeout: -1 })).toThrow(/timeout/);
    expect(() => cache.memoize({ timeout: Number.NaN })).toThrow(/timeout/);
    expect(() => cache.memoize({ unless: true as never })).toThrow(/unless/);
    expect(() => cache.memoize({ hashMethod: 'sha3' as never })).toThrow(/hashMethod/);
    expect(() => cache.memoize({ cacheNone: 'yes' as never })).toThrow(/cacheNone/);
    expect(() => cache.memoize({ keyPrefix: 'x' } as never)).toThrow(/keyPrefix/);
  });
});
