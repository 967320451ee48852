import { describe, expect, it } from 'vitest';
import {
  Cache,
  DeleteMemoized,
  SimpleBackend,
  cacheIdentity,
  deleteMemoized,
  deleteMemoizedInstance,
  deleteMemoizedVerhash,
  functionVersionKey,
  instanceVersionKey,
  type MemoizedFunction,
} from '../../src/index.js';

const fresh = () => new Cache({ type: 'SimpleCache' });
const deletedCache = fresh();

/** A memoized function that counts its runs, returning `a + b + run` so recomputes are visible. */
function counted(cache: Cache, name: string) {
  const runs = { n: 0 };
  const fn = cache.memoize()(
    {
      async [name](a: number, b = 0) {
        runs.n++;
        return a + b + runs.n * 1000;
      },
    }[name]!,
  );
  return { fn, runs };
}

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
    expect(() => deleteMemoized(plain, 1)).toThrow(TypeError);
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

describe('deleteMemoized on instance methods', () => {
  // No `Adder.x` inside the class: esbuild then renames the class binding (Adder.name === '_Adder').
  let adderRuns = 0;
  class Adder {
    constructor(readonly base: number) {}
    @deletedCache.memoize()
    async add(b: number) {
      return this.base + b + ++adderRuns * 1000;
    }
  }
  const add = Adder.prototype.add as MemoizedFunction<Adder, [number], number>;

  it('deleteMemoized(C.prototype.m) invalidates all instances (test_memoize_classfunc_delete)', async () => {
    const a1 = new Adder(1);
    const a2 = new Adder(2);
    const x = await a1.add(3);
    const y = await a2.add(3);
    expect(await deleteMemoized(Adder.prototype.add)).toBe(true);
    expect(await a1.add(3)).not.toBe(x);
    expect(await a2.add(3)).not.toBe(y);
  });

  it('deleteMemoized(C.prototype.m, instance, ...args) removes exactly one entry (test_memoize_classfunc_delete_with_explicit_instance)', async () => {
    const a1 = new Adder(1);
    const a2 = new Adder(2);
    const x3 = await a1.add(3);
    const x4 = await a1.add(4);
    const y3 = await a2.add(3);
    expect(await deleteMemoized(Adder.prototype.add, a1, 3)).toBe(true);
    expect(await a1.add(4)).toBe(x4);
    expect(await a2.add(3)).toBe(y3);
    expect(await a1.add(3)).not.toBe(x3);
  });

  it('deleteMemoizedInstance(instance, C.prototype.m) invalidates every entry of that instance only', async () => {
    const a1 = new Adder(1);
    const a2 = new Adder(2);
    const x3 = await a1.add(3);
    const x4 = await a1.add(4);
    const y3 = await a2.add(3);
    expect(await deleteMemoizedInstance(a1, Adder.prototype.add)).toBe(true);
    expect(await a2.add(3)).toBe(y3);
    expect(await a1.add(3)).not.toBe(x3);
    expect(await a1.add(4)).not.toBe(x4);
  });

  it('fn.deleteMemoized() on a method clears all instances (test_memoize_classfunc_delete_via_attribute)', async () => {
    const a1 = new Adder(1);
    const a2 = new Adder(2);
    const x = await a1.add(3);
    const y = await a2.add(3);
    await add.deleteMemoized();
    expect(await a1.add(3)).not.toBe(x);
    expect(await a2.add(3)).not.toBe(y);
  });

  it("deleteMemoizedVerhash(C.prototype.m, instance) deletes only that instance's version key", async () => {
    const a1 = new Adder(11);
    const a2 = new Adder(12);
    const x = await a1.add(1);
    const y = await a2.add(1);
    expect(await deleteMemoizedVerhash(Adder.prototype.add, a1)).toBe(true);
    expect(await deletedCache.has(functionVersionKey('Adder.add'))).toBe(true);
    expect(await a2.add(1)).toBe(y);
    expect(await a1.add(1)).not.toBe(x);
  });

  it('misuse throws TypeError synchronously: a non-object instance, deleteMemoizedInstance on a static', () => {
    expect(() => deleteMemoized(Adder.prototype.add, 3)).toThrow(TypeError);
    expect(() => deleteMemoized(Adder.prototype.add, null, 3)).toThrow(TypeError);
    class OnlyStatic {
      @deletedCache.memoize()
      static async s() {
        return 1;
      }
    }
    expect(() => deleteMemoizedInstance(new OnlyStatic(), OnlyStatic.s)).toThrow(TypeError);
  });

  it('with [cacheIdentity], deleting through one instance deletes the entry of every equal instance', async () => {
    const cache = fresh();
    let runs = 0;
    class Tenant {
      constructor(readonly id: string) {}
      [cacheIdentity]() {
        return this.id;
      }
      @cache.memoize()
      async plan(n: number) {
        return `${this.id}:${n}:${++runs}`;
      }
    }
    await new Tenant('t1').plan(1);
    await new Tenant('t2').plan(1);
    expect(await cache.has(instanceVersionKey('Tenant.plan', 't1'))).toBe(true);
    expect(await deleteMemoized(Tenant.prototype.plan, new Tenant('t1'), 1)).toBe(true);
    expect(await new Tenant('t1').plan(1)).toBe('t1:1:3');
    expect(await new Tenant('t2').plan(1)).toBe('t2:1:2');
    expect(await deleteMemoizedInstance(new Tenant('t2'), Tenant.prototype.plan)).toBe(true);
    expect(await new Tenant('t2').plan(1)).toBe('t2:1:4');
  });

  it("with argsToIgnore ['this'], deleteMemoized(fn, anyInstance, ...args) deletes the shared entry (test_memoize_classfunc_delete_with_args_to_ignore_self)", async () => {
    const cache = fresh();
    let runs = 0;
    class SharedAdder {
      @cache.memoize({ argsToIgnore: ['this'] })
      async add(b: number) {
        return b + ++runs * 1000;
      }
    }
    const x3 = await new SharedAdder().add(3);
    const x4 = await new SharedAdder().add(4);
    expect(await deleteMemoized(SharedAdder.prototype.add, new SharedAdder(), 3)).toBe(true);
    expect(await new SharedAdder().add(4)).toBe(x4);
    expect(await new SharedAdder().add(3)).not.toBe(x3);
  });

  it("with argsToIgnore ['this'], deleteMemoizedInstance and deleteMemoizedVerhash(fn, instance) reach the shared entries", async () => {
    const cache = fresh();
    let runs = 0;
    class SharedReport {
      @cache.memoize({ argsToIgnore: ['this'] })
      async build(n: number) {
        return `${n}:${++runs}`;
      }
    }
    expect(await new SharedReport().build(1)).toBe('1:1');
    expect(await deleteMemoizedInstance(new SharedReport(), SharedReport.prototype.build)).toBe(true);
    expect(await new SharedReport().build(1)).toBe('1:2');
    expect(await deleteMemoizedVerhash(SharedReport.prototype.build, new SharedReport())).toBe(true);
    expect(await new SharedReport().build(1)).toBe('1:3');
  });

  it('a deleteMemoized through another Cache on the same backend is seen by the next call', async () => {
    const backend = new SimpleBackend();
    const here = new Cache({ type: backend });
    const there = new Cache({ type: backend });
    let runs = 0;
    const f = here.memoize()(async function crossCache(a: number) {
      return `${a}:${++runs}`;
    });
    const g = there.memoize()(async function crossCache(a: number) {
      return `${a}:${++runs}`;
    });
    expect(await f(1)).toBe('1:1');
    expect(await f(1)).toBe('1:1');
    expect(await g(1)).toBe('1:1');
    await there.deleteMemoized(g);
    expect(await f(1)).toBe('1:2');
    expect(await g(1)).toBe('1:2');
    await deleteMemoizedVerhash(g);
    expect(await g(1)).toBe('1:3');
    expect(await f(1)).toBe('1:3');
  });

  it('a method whose class is not known yet rejects with a TypeError that says why', async () => {
    const cache = fresh();
    class NeverBuilt {
      @cache.memoize()
      async m() {
        return 1;
      }
    }
    await expect(deleteMemoized(NeverBuilt.prototype.m)).rejects.toThrow(/not known yet/);
  });
});

describe('deleteMemoized on static methods', () => {
  it('deleteMemoized(C.m, C, ...args) removes one entry; a non-class first argument throws TypeError (test_memoize_classmethod_delete_with_args)', async () => {
    const cache = fresh();
    let runs = 0;
    class Mock {
      @cache.memoize()
      static async bigFoo(a: number, b: number) {
        return a + b + ++runs * 1000;
      }
    }
    const x = await Mock.bigFoo(5, 2);
    const y = await Mock.bigFoo(5, 3);
    expect(() => deleteMemoized(Mock.bigFoo, 5, 2)).toThrow(TypeError);
    expect(await Mock.bigFoo(5, 2)).toBe(x);
    expect(await deleteMemoized(Mock.bigFoo, Mock, 5, 2)).toBe(true);
    expect(await Mock.bigFoo(5, 3)).toBe(y);
    expect(await Mock.bigFoo(5, 2)).not.toBe(x);
  });

  it('deleteMemoized(C.m) invalidates every entry of a static method (test_memoize_classmethod_delete)', async () => {
    const cache = fresh();
    let runs = 0;
    class StaticAll {
      @cache.memoize()
      static async f(a: number) {
        return a + ++runs * 1000;
      }
    }
    const x = await StaticAll.f(1);
    const y = await StaticAll.f(2);
    expect(await deleteMemoized(StaticAll.f)).toBe(true);
    expect(await StaticAll.f(1)).not.toBe(x);
    expect(await StaticAll.f(2)).not.toBe(y);
  });
});

describe('@DeleteMemoized', () => {
  it('deletes the entry after the writer resolves', async () => {
    const cache = fresh();
    let reads = 0;
    const db = new Map<number, string>([[1, 'ann']]);
    class Users {
      [cacheIdentity]() {
        return 'users';
      }
      @cache.memoize()
      async getUser(id: number) {
        reads++;
        return db.get(id);
      }
      @DeleteMemoized(() => Users.prototype.getUser, (self: Users, id: number) => [self, id])
      async rename(id: number, name: string) {
        db.set(id, name);
        return name;
      }
    }
    const users = new Users();
    expect(await users.getUser(1)).toBe('ann');
    expect(await users.getUser(1)).toBe('ann');
    expect(reads).toBe(1);
    expect(await users.rename(1, 'bob')).toBe('bob');
    expect(await users.getUser(1)).toBe('bob');
    expect(reads).toBe(2);
  });

  it('does not delete when the writer throws', async () => {
    const cache = fresh();
    let reads = 0;
    class Orders {
      @cache.memoize()
      async total() {
        return ++reads;
      }
      @DeleteMemoized(() => Orders.prototype.total)
      async fail(): Promise<void> {
        throw new Error('write failed');
      }
    }
    const orders = new Orders();
    await orders.total();
    await expect(orders.fail()).rejects.toThrow('write failed');
    expect(await orders.total()).toBe(1);
  });

  it('without argsFor invalidates every entry of the target', async () => {
    const cache = fresh();
    let reads = 0;
    class Stock {
      @cache.memoize()
      async level(sku: string) {
        return `${sku}:${++reads}`;
      }
      @DeleteMemoized(() => Stock.prototype.level)
      async restock() {
        return true;
      }
    }
    const s = new Stock();
    await s.level('a');
    await s.level('b');
    await s.restock();
    expect(await s.level('a')).toBe('a:3');
    expect(await s.level('b')).toBe('b:4');
  });

  it('an undecorated target rejects with TypeError after the write', async () => {
    let wrote = false;
    class Broken {
      async notMemoized() {
        return 1;
      }
      @DeleteMemoized(() => Broken.prototype.notMemoized)
      async write() {
        wrote = true;
      }
    }
    await expect(new Broken().write()).rejects.toThrow(TypeError);
    expect(wrote).toBe(true);
  });
});
