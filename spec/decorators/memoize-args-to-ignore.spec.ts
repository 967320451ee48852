import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { fresh } from '../helpers/memory-cache.js';

describe('memoize: argsToIgnore', () => {
  it('ignores a parameter by name, however it is passed (test_memoize_ignore_args)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ argsToIgnore: ['b'] })(async function ignoreB(a: number, b: number) {
      calls++;
      return a + b;
    });
    expect(await f(5, 2)).toBe(7);
    expect(await f(5, 3)).toBe(7);
    expect(calls).toBe(1);
    expect(await f(6, 3)).toBe(9);
  });

  it('ignores a parameter by index', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ argsToIgnore: [0] })(async function ignoreFirst(log: string, a: number) {
      calls++;
      return `${log}${a}`;
    });
    expect(await f('x', 1)).toBe('x1');
    expect(await f('y', 1)).toBe('x1');
    expect(calls).toBe(1);
  });

  it("'this' makes all instances share entries (test_memoize_method_ignore_self_arg)", async () => {
    const cache = fresh();
    let calls = 0;
    class Shared {
      constructor(readonly base: number) {}
      @cache.memoize({ argsToIgnore: ['this'] })
      async add(b: number) {
        calls++;
        return this.base + b;
      }
    }
    expect(await new Shared(1).add(3)).toBe(4);
    expect(await new Shared(100).add(3)).toBe(4);
    expect(calls).toBe(1);
  });

  it('an unknown parameter name throws TypeError at decoration', () => {
    const cache = fresh();
    expect(() => cache.memoize({ argsToIgnore: ['nope'] })(async function known(a: number) {
      return a;
    })).toThrow(/argsToIgnore.*nope/);
  });
});
