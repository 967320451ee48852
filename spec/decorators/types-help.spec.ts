import { describe, expect, expectTypeOf, it } from 'vitest';
import { Cache, cachedFunction, deleteMemoized, memoized, type CachedFunction, type MemoizedFunction } from '../../src/index.js';

// Lines marked @ts-expect-error are checked by `npm run typecheck`: each must be a compile error.

const cache = new Cache({ type: 'SimpleCache' });

class Users {
  @cache.memoize({ timeout: 60 })
  async get(id: number, detail = false) {
    return { id, detail };
  }

  @cache.memoize()
  static async count(active: boolean) {
    return active ? 1 : 2;
  }

  @cache.cached({ keyPrefix: 'users-page' })
  async page() {
    return 'html';
  }
}
const users = new Users();

describe('types that help', () => {
  it('memoized(obj.method) gives uncached, cacheTimeout, makeCacheKey and deleteMemoized their types', async () => {
    const get = memoized(Users.prototype.get);
    expectTypeOf(get).toEqualTypeOf<MemoizedFunction<unknown, [id: number, detail?: boolean], { id: number; detail: boolean }>>();
    expectTypeOf(get.cacheTimeout).toEqualTypeOf<number | undefined>();
    expectTypeOf(get.deleteMemoized).toEqualTypeOf<() => Promise<boolean>>();
    expectTypeOf(get.makeCacheKey).parameters.toEqualTypeOf<[thisArg: unknown, id: number, detail?: boolean]>();
    expect(get.cacheTimeout).toBe(60);
    expect(await get.uncached.call(users, 1)).toEqual({ id: 1, detail: false });
    expect(typeof (await get.makeCacheKey(users, 1))).toBe('string');
    expect(await get.deleteMemoized()).toBe(true);
    memoized(Users.count).cacheTimeout = 5;
    expect(memoized(Users.count).cacheTimeout).toBe(5);
  });

  it('memoized() and cachedFunction() refuse what is not decorated that way, at run time', () => {
    expect(() => memoized(async () => 1)).toThrow(TypeError);
    expect(() => memoized(Users.prototype.page)).toThrow(/deleteCached/);
    const page = cachedFunction(Users.prototype.page);
    expectTypeOf(page).toEqualTypeOf<CachedFunction<unknown, [], string>>();
    expect(() => cachedFunction(Users.prototype.get)).toThrow(TypeError);
  });

  it('deleteMemoized(fn, ...args) checks args against the parameters, the instance or class first for methods', async () => {
    const wrapped = cache.memoize()(async function typedLookup(name: string, times: number) {
      return name.repeat(times);
    });
    expect(await deleteMemoized(wrapped)).toBe(true);
    expect(await deleteMemoized(wrapped, 'a', 2)).toBe(false);
    expect(await deleteMemoized(Users.prototype.get, users, 1)).toBe(false);
    expect(await deleteMemoized(Users.prototype.get, users, 1, true)).toBe(false);
    expect(await deleteMemoized(Users.count, Users, true)).toBe(false);
    const misuse = () => {
      // @ts-expect-error a wrapped function takes its own arguments: times is a number
      void deleteMemoized(wrapped, 'a', 'b');
      // @ts-expect-error id is a number
      void deleteMemoized(Users.prototype.get, users, 'one');
      // @ts-expect-error a method's instance comes first
      void deleteMemoized(Users.prototype.get, 1);
      // @ts-expect-error a static method's class comes first
      void cache.deleteMemoized(Users.count, true);
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('with the method type as type argument, option callbacks are typed from its signature', async () => {
    const seen: unknown[] = [];
    class Catalog {
      @cache.memoize<Catalog['product']>({
        unless: (id, currency) => {
          expectTypeOf(id).toEqualTypeOf<number>();
          expectTypeOf(currency).toEqualTypeOf<string | undefined>();
          return id < 0;
        },
        forcedUpdate: (id) => id === 99,
        isStale: (cached, id) => {
          expectTypeOf(cached).toEqualTypeOf<{ id: number; price: number }>();
          return cached.id !== id;
        },
        responseFilter: (result) => {
          seen.push(result.price);
          return result.price > 0;
        },
      })
      async product(id: number, currency?: string) {
        return { id, price: currency ? 2 : 1 };
      }
    }
    expect(await new Catalog().product(1)).toEqual({ id: 1, price: 1 });
    expect(seen).toEqual([1]);
    const misuse = () => {
      cache.memoize<Catalog['product']>({
        // @ts-expect-error id is a number, not a string
        unless: (id: string) => id === '',
        // @ts-expect-error the cached value is an object
        isStale: (cached: string) => cached === '',
      });
      cache.cached<Catalog['product']>({
        // @ts-expect-error makeCacheKey gets the call's arguments
        makeCacheKey: (id: boolean) => String(id),
      });
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('without a type argument, annotated callbacks still compile as before', () => {
    const options = cache.memoize({
      unless: (a: number) => a > 1,
      isStale: (cached: { id: number }, a: number) => cached.id !== a,
      responseFilter: (r: number) => r > 0,
    });
    expectTypeOf(options).toBeFunction();
  });
});
