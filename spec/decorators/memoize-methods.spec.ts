import 'reflect-metadata';
import { describe, expect, it, vi } from 'vitest';
import { SimpleBackend, cacheIdentity } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';
import { decoratorMode } from '../helpers/decorator-mode.js';

describe('memoize: instance and static methods', () => {
  it('memoized instance methods return per-instance results (test_memoize_classfunc)', async () => {
    const cache = fresh();
    let calls = 0;
    class PerInstance {
      constructor(readonly base: number) {}
      @cache.memoize()
      async add(b: number) {
        calls++;
        return this.base + b + Math.random();
      }
    }
    const a1 = new PerInstance(1);
    const a2 = new PerInstance(2);
    const x = await a1.add(3);
    const y = await a2.add(3);
    expect(x).not.toBe(y);
    expect(await a1.add(3)).toBe(x);
    expect(await a2.add(3)).toBe(y);
    expect(calls).toBe(2);
  });

  it('[cacheIdentity] makes instances with equal identity share entries and tells others apart (test_memoize_classfunc_repr)', async () => {
    const cache = fresh();
    let calls = 0;
    class Identified {
      constructor(readonly initial: number) {}
      [cacheIdentity]() {
        return this.initial;
      }
      toString() {
        return '42';
      }
      @cache.memoize()
      async add(b: number) {
        calls++;
        return this.initial + b;
      }
    }
    expect(await new Identified(1).add(3)).toBe(4);
    expect(await new Identified(1).add(3)).toBe(4);
    expect(calls).toBe(1);
    expect(await new Identified(2).add(3)).toBe(5);
    expect(calls).toBe(2);
  });

  it('static methods are keyed by the class (test_memoize_classmethod)', async () => {
    const cache = fresh();
    let calls = 0;
    class StaticMock {
      @cache.memoize()
      static async bigFoo(a: number, b: number) {
        calls++;
        return a + b + Math.random();
      }
    }
    const first = await StaticMock.bigFoo(5, 2);
    expect(await StaticMock.bigFoo(5, 2)).toBe(first);
    expect(calls).toBe(1);
  });

  it('an inherited method keys by the declaring class', async () => {
    const cache = fresh();
    class BaseRepo {
      [cacheIdentity]() {
        return 'repo';
      }
      @cache.memoize()
      async find(id: number) {
        return id;
      }
    }
    class SubRepo extends BaseRepo {}
    await new SubRepo().find(1);
    expect(await cache.has('BaseRepo.find_memver')).toBe(true);
    expect(await cache.has('BaseRepo.find.repo_memver')).toBe(true);
  });

  it('the namespace option prefixes the function name', async () => {
    const cache = fresh();
    class Spaced {
      @cache.memoize({ namespace: 'billing' })
      async total(n: number) {
        return n;
      }
    }
    await new Spaced().total(1);
    expect(await cache.has('billing.Spaced.total_memver')).toBe(true);
  });

  it('makeName changes the entry key but not the version key', async () => {
    const cache = fresh();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const plain = cache.memoize()(async function named(a: number) {
        return a;
      });
      const renamed = cache.memoize({ makeName: (fname) => `${fname}.v2` })(async function named(a: number) {
        return a;
      });
      const k1 = await plain.makeCacheKey(undefined, 1);
      const k2 = await renamed.makeCacheKey(undefined, 1);
      expect(k1.slice(0, 16)).not.toBe(k2.slice(0, 16));
      expect(k1.slice(16)).toBe(k2.slice(16));
    } finally {
      warn.mockRestore();
    }
  });

  it('on a shared backend, a process-local identity is logged once per method with how to share entries', async () => {
    const backend = new SimpleBackend();
    Object.defineProperty(backend, 'shared', { value: true });
    const warnings: string[] = [];
    const cache = fresh({ type: backend, logger: { warn: (m: string) => warnings.push(m), error: () => {} } });
    class Local {
      @cache.memoize()
      async a() {
        return 1;
      }
      @cache.memoize()
      async b() {
        return 2;
      }
    }
    class Stable {
      [cacheIdentity]() {
        return 's';
      }
      @cache.memoize()
      async c() {
        return 3;
      }
    }
    await new Local().a();
    await new Local().a();
    await new Local().b();
    await new Stable().c();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/Local\.a.*\[cacheIdentity\]/);
    expect(warnings[1]).toMatch(/Local\.b/);
  });

  // A Stage-3 method decorator meets its class at construction; a legacy one at class definition.
  it('a second class with the same name and method throws TypeError at its first construction (legacy: its definition), before any call', async () => {
    const cache = fresh();
    {
      class Twin {
        @cache.memoize()
        async m() {
          return 1;
        }
      }
      expect(await new Twin().m()).toBe(1);
    }
    const defineSecond = () => {
      class Twin {
        @cache.memoize()
        async m() {
          return 2;
        }
      }
      return Twin;
    };
    const conflict = /two different functions use the cache name "Twin\.m".*namespace/;
    if (decoratorMode === 'legacy') expect(defineSecond).toThrow(conflict);
    else {
      const Twin = defineSecond();
      expect(() => new Twin()).toThrow(conflict);
    }
  });
});
