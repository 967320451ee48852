import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Memoize, setDefaultCache, type MemoizedFunction } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('memoize: the decorated function', () => {
  it('wraps a plain async function and keeps uncached', async () => {
    const cache = fresh();
    let calls = 0;
    async function lookup(name: string) {
      calls++;
      return name.toUpperCase();
    }
    const wrapped = cache.memoize({ timeout: 5 })(lookup);
    expect(await wrapped('a')).toBe('A');
    expect(await wrapped('a')).toBe('A');
    expect(calls).toBe(1);
    expect(wrapped.uncached).toBe(lookup);
    expect(await wrapped.uncached('a')).toBe('A');
    expect(calls).toBe(2);
    expect(wrapped.name).toBe('lookup');
  });

  it('an anonymous function needs a namespace or makeName', async () => {
    const cache = fresh();
    expect(() => cache.memoize()(async (a: number) => a)).toThrow(TypeError);
    const named = cache.memoize({ namespace: 'anon' })(async (a: number) => a + 1);
    expect(await named(1)).toBe(2);
    expect(await cache.has('anon.anonymous_memver')).toBe(true);
  });

  it('fn.makeCacheKey(thisArg, ...args) is the key a call uses (test_make_cache_key_function_property)', async () => {
    const cache = fresh();
    class Keyed {
      @cache.memoize()
      async view(foo: string, bar: string) {
        return `${foo}${bar}`;
      }
    }
    const k = new Keyed();
    await k.view('a', 'b');
    // A decorator cannot change a member's declared type, so the members are reached through a cast.
    const view = Keyed.prototype.view as MemoizedFunction<Keyed, [string, string], string>;
    const key = await view.makeCacheKey(k, 'a', 'b');
    expect(await cache.get(key)).toBe('ab');
    expect(await cache.get(await view.makeCacheKey(k, 'b', 'a'))).toBeUndefined();
  });

  it('carries reflect-metadata under decocache:memoize', () => {
    const cache = fresh();
    const f = cache.memoize()(async function meta() {
      return 1;
    });
    const meta = Reflect.getMetadata('decocache:memoize', f) as { kind: string; name: string; original: unknown };
    expect(meta).toBeDefined();
    expect(meta.kind).toBe('memoize');
    expect(meta.original).toBe(f.uncached);
    expect(Reflect.getMetadata('decocache:cached', f)).toBeUndefined();
  });

  it('single-flight: 10 concurrent identical calls run the function once', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function slow(a: number) {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return a * 2;
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => f(21)));
    expect(results).toEqual(Array(10).fill(42));
    expect(calls).toBe(1);
    await Promise.all([f(1), f(2), f(1)]);
    expect(calls).toBe(3);
  });

  it('the function\'s own errors propagate and nothing is stored', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function throws(a: number) {
      calls++;
      if (calls === 1) throw new Error('boom');
      return a;
    });
    await expect(f(1)).rejects.toThrow('boom');
    expect(await f(1)).toBe(1);
    expect(calls).toBe(2);
  });

  it('@Memoize uses the default cache, looked up at call time', async () => {
    let calls = 0;
    class Late {
      @Memoize()
      static async late(a: number) {
        calls++;
        return a;
      }
    }
    const cache = fresh();
    setDefaultCache(cache);
    await Late.late(1);
    await Late.late(1);
    expect(calls).toBe(1);
    expect(await cache.has('Late.late_memver')).toBe(true);
  });
});
