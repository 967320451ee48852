import { describe, expect, it } from 'vitest';
import { Cache, Memoize, deleteMemoized, cacheIdentity } from '../../src/index.js';

describe('Stage-3 decorators run under vitest', () => {
  it('memoizes an instance method per instance and invalidates with deleteMemoized', async () => {
    const cache = new Cache();
    let calls = 0;
    class Adder {
      constructor(readonly base: number) {}
      @cache.memoize()
      async add(n: number) {
        calls++;
        return this.base + n;
      }
    }
    const a = new Adder(1);
    const b = new Adder(10);
    expect(await a.add(1)).toBe(2);
    expect(await a.add(1)).toBe(2);
    expect(await b.add(1)).toBe(11);
    expect(calls).toBe(2);
    await deleteMemoized(Adder.prototype.add);
    expect(await a.add(1)).toBe(2);
    expect(calls).toBe(3);
  });

  it('static methods are keyed by the class', async () => {
    const cache = new Cache();
    let calls = 0;
    class M {
      @Memoize({ cache })
      static async big(a: number, b: number) {
        calls++;
        return a * b;
      }
    }
    expect(await M.big(2, 3)).toBe(6);
    expect(await M.big(2, 3)).toBe(6);
    expect(calls).toBe(1);
    expect(await deleteMemoized(M.big, M, 2, 3)).toBe(true);
    await M.big(2, 3);
    expect(calls).toBe(2);
    class S {
      [cacheIdentity]() {
        return 's';
      }
    }
    void S;
  });
});
