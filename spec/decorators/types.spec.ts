import { describe, expect, expectTypeOf, it } from 'vitest';
import { Cache, Cached, DeleteMemoized, Memoize, type CachedFunction, type MemoizedFunction } from '../../src/index.js';

// Lines marked @ts-expect-error are checked by `npm run typecheck`: each must be a compile error.
// Where the same code also runs, the runtime check (TypeError at decoration) is asserted as well.

const cache = new Cache({ type: 'SimpleCache' });

describe('decorator types', () => {
  it('cache.memoize(opts)(fn) keeps the signature and adds uncached, cacheTimeout, makeCacheKey, deleteMemoized', async () => {
    const wrapped = cache.memoize({ timeout: 5 })(async function lookup(name: string, times: number) {
      return name.length * times;
    });
    expectTypeOf(wrapped).parameters.toEqualTypeOf<[name: string, times: number]>();
    expectTypeOf(wrapped).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(wrapped).toExtend<MemoizedFunction<unknown, [string, number], number>>();
    expectTypeOf(wrapped.uncached).parameters.toEqualTypeOf<[name: string, times: number]>();
    expectTypeOf(wrapped.cacheTimeout).toEqualTypeOf<number | undefined>();
    expectTypeOf(wrapped.makeCacheKey).parameters.toEqualTypeOf<[thisArg: unknown, name: string, times: number]>();
    expectTypeOf(wrapped.makeCacheKey).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(wrapped.deleteMemoized).toEqualTypeOf<() => Promise<boolean>>();
    expect(await wrapped('ab', 2)).toBe(4);
    const misuse = () => {
      // @ts-expect-error the first parameter is a string
      void wrapped(1, 2);
      // @ts-expect-error cacheTimeout is a number of seconds
      wrapped.cacheTimeout = '5';
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('cache.cached(opts)(fn) keeps the signature and has no deleteMemoized', async () => {
    const view = cache.cached({ keyPrefix: 'typed' })(async function typedView(id: number) {
      return { id };
    });
    expectTypeOf(view).parameters.toEqualTypeOf<[id: number]>();
    expectTypeOf(view).returns.toEqualTypeOf<Promise<{ id: number }>>();
    expectTypeOf(view).toExtend<CachedFunction<unknown, [number], { id: number }>>();
    expect(await view(1)).toEqual({ id: 1 });
    const misuse = () => {
      // @ts-expect-error cached functions are deleted with deleteCached
      void view.deleteMemoized();
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('decorated methods keep their declared types', async () => {
    class Service {
      @cache.memoize({ timeout: 60 })
      async stats(userId: number) {
        return { userId };
      }
      @Memoize({ cache })
      static async bigFoo(a: number, b: number) {
        return a + b;
      }
      @Cached({ cache, keyPrefix: 'comments' })
      async comments() {
        return ['c'];
      }
    }
    expectTypeOf(new Service().stats).toEqualTypeOf<(userId: number) => Promise<{ userId: number }>>();
    expectTypeOf(Service.bigFoo).toEqualTypeOf<(a: number, b: number) => Promise<number>>();
    expect(await Service.bigFoo(1, 2)).toBe(3);
    expect(await new Service().comments()).toEqual(['c']);
  });

  it('a non-async method or function does not compile', () => {
    const never = () => {
      class Sync {
        // @ts-expect-error the method must return a Promise
        @cache.memoize()
        value() {
          return 1;
        }
      }
      // @ts-expect-error the function must return a Promise
      cache.memoize()(function syncFn() {
        return 1;
      });
      // @ts-expect-error the function must return a Promise
      cache.cached()(function syncView() {
        return 1;
      });
      return Sync;
    };
    expectTypeOf(never).toBeFunction();
  });

  it('a field does not compile and throws TypeError at decoration', () => {
    expect(() => {
      class WithField {
        // @ts-expect-error fields cannot be memoized
        @cache.memoize()
        load = async () => 1;
      }
      return WithField;
    }).toThrow(/methods only/);
  });

  it('a getter does not compile and throws TypeError at decoration', () => {
    expect(() => {
      class WithGetter {
        // @ts-expect-error accessors cannot be memoized
        @cache.memoize()
        get value() {
          return Promise.resolve(1);
        }
      }
      return WithGetter;
    }).toThrow(/methods only/);
  });

  it('an auto-accessor does not compile and throws TypeError at decoration', () => {
    expect(() => {
      class WithAccessor {
        // @ts-expect-error accessors cannot be memoized
        @cache.cached()
        accessor value = async () => 1;
      }
      return WithAccessor;
    }).toThrow(/methods only/);
  });

  it('a private method throws TypeError at decoration', () => {
    expect(() => {
      class WithPrivate {
        @cache.memoize()
        async #secret() {
          return 1;
        }
        run() {
          return this.#secret();
        }
      }
      return WithPrivate;
    }).toThrow(/private/);
  });

  it('option types are checked at compile time and at run time', () => {
    // @ts-expect-error timeout is a number
    expect(() => cache.memoize({ timeout: '5' })).toThrow(TypeError);
    // @ts-expect-error keyPrefix belongs to cached
    expect(() => cache.memoize({ keyPrefix: 'x' })).toThrow(TypeError);
    // @ts-expect-error argsToIgnore belongs to memoize
    expect(() => cache.cached({ argsToIgnore: ['a'] })).toThrow(TypeError);
    // @ts-expect-error not a hash method
    expect(() => Memoize({ hashMethod: 'sha3' })).toThrow(TypeError);
    // @ts-expect-error cacheNone is a boolean
    expect(() => Cached({ cacheNone: 1 })).toThrow(TypeError);
    // @ts-expect-error unless is a function
    expect(() => cache.memoize({ unless: true })).toThrow(TypeError);
    expectTypeOf(cache.memoize).parameter(0).toEqualTypeOf<Parameters<typeof Memoize>[0]>();
  });

  it('callbacks are typed with the call arguments', () => {
    const ok = cache.memoize({
      forcedUpdate: (a: number) => a > 1,
      isStale: (cached: number, a: number) => cached < a,
      unless: async () => false,
      responseFilter: (r: number) => r > 0,
      makeName: (fname: string) => `${fname}.v2`,
      argsToIgnore: ['a', 0, 'this'],
    });
    expectTypeOf(ok).toBeFunction();
  });

  it('@DeleteMemoized takes the memoized target and maps the writer arguments', () => {
    class Users {
      @cache.memoize()
      async get(id: number) {
        return id;
      }
      @DeleteMemoized(() => Users.prototype.get, (self: Users, id: number) => [self, id])
      async update(id: number, _name: string) {
        return id;
      }
    }
    expectTypeOf(new Users().update).toEqualTypeOf<(id: number, _name: string) => Promise<number>>();
    const never = () => {
      class Bad {
        // @ts-expect-error the writer must be async
        @DeleteMemoized(() => Users.prototype.get)
        write() {
          return 1;
        }
      }
      return Bad;
    };
    expectTypeOf(never).toBeFunction();
  });
});
