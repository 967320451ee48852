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

  it('a name minification changed fails at decoration with the names found and the index form', () => {
    const cache = fresh();
    // What a minifier leaves of `async function load(id, options)`.
    const minified = new Function('return async function load(t, n) { return t; }')() as (id: number, options: object) => Promise<number>;
    expect(() => cache.memoize({ argsToIgnore: ['options'] })(minified)).toThrow(
      /"options" is not a parameter name of load: the parameters read from its source are 0: t, 1: n\..*position instead, e\.g\. argsToIgnore: \[1\]/,
    );
  });

  it('parameters that cannot be read at all are said to be unreadable, with the index form', () => {
    const cache = fresh();
    const bound = async function unreadable(a: number, b: number) {
      return a + b;
    }.bind(null);
    expect(() => cache.memoize({ argsToIgnore: ['b'], namespace: 'bound' })(bound)).toThrow(/no parameter names could be read.*argsToIgnore: \[0\]/);
  });

  it('the index form works where names cannot be read', async () => {
    const cache = fresh();
    let calls = 0;
    const minified = new Function('calls', 'return async function loadMin(t, n) { calls(); return t; }')(() => calls++) as (id: number, options: object) => Promise<number>;
    const load = cache.memoize({ argsToIgnore: [1] })(minified);
    expect([await load(1, { trace: 'a' }), await load(1, { trace: 'b' }), calls]).toEqual([1, 1, 1]);
  });
});
