import { describe, expect, it } from 'vitest';
import { Cache, SimpleBackend, cacheIdentity, deleteMemoized, deleteMemoizedInstance, deleteMemoizedVerhash, functionVersionKey, instanceVersionKey, type MemoizedFunction } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';
import { decoratorMode } from '../helpers/decorator-mode.js';

const deletedCache = fresh();

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
    // @ts-expect-error the instance comes first
    expect(() => deleteMemoized(Adder.prototype.add, 3)).toThrow(TypeError);
    // @ts-expect-error the instance is an object
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

  // A Stage-3 method decorator does not see its class; a legacy one gets the prototype at once.
  it(
    decoratorMode === 'stage3'
      ? 'a method whose class is not known yet rejects with a TypeError that says why'
      : 'with legacy decorators the class is known at decoration: deleteMemoized works before any instance exists',
    async () => {
      const cache = fresh();
      class NeverBuilt {
        @cache.memoize()
        async m() {
          return 1;
        }
      }
      if (decoratorMode === 'stage3') await expect(deleteMemoized(NeverBuilt.prototype.m)).rejects.toThrow(/not known yet/);
      else expect(await deleteMemoized(NeverBuilt.prototype.m)).toBe(true);
    },
  );
});
