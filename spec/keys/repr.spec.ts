import { describe, expect, it } from 'vitest';
import { Cache, cacheIdentity, repr, reprArgs } from '../../src/index.js';

describe('repr', () => {
  it("1, '1', true, 1n, [1], null and undefined all differ", () => {
    const values = [1, '1', true, 1n, [1], null, undefined, { 0: 1 }, new Set([1]), new Map([[1, 1]]), new Number(1)];
    const forms = values.map((v) => repr(v));
    expect(new Set(forms).size).toBe(values.length);
  });

  it('0 and -0, and false and 0, differ', () => {
    expect(repr(0)).not.toBe(repr(-0));
    expect(repr(false)).not.toBe(repr(0));
    expect(repr('')).not.toBe(repr(null));
  });

  it('strings that contain separators do not collide with lists', () => {
    expect(repr(['a, b'])).not.toBe(repr(['a', 'b']));
    expect(repr({ a: '1, "b": 2' })).not.toBe(repr({ a: '1', b: 2 }));
  });

  it('is deterministic: equal data gives the same text', () => {
    expect(repr({ a: [1, 'x', null], b: { c: true } })).toBe(repr({ a: [1, 'x', null], b: { c: true } }));
    expect(repr(Object.assign(Object.create(null) as object, { a: 1 }))).toBe(repr({ a: 1 }));
  });

  it('plain objects are order-insensitive, at every depth', () => {
    expect(repr({ a: 1, b: 2 })).toBe(repr({ b: 2, a: 1 }));
    expect(repr({ outer: { y: 1, x: 2 } })).toBe(repr({ outer: { x: 2, y: 1 } }));
    expect(repr({ a: 1 })).not.toBe(repr({ a: 2 }));
  });

  it('Maps and Sets are order-insensitive', () => {
    expect(repr(new Map([['a', 1], ['b', 2]]))).toBe(repr(new Map([['b', 2], ['a', 1]])));
    expect(repr(new Set([1, 2, 3]))).toBe(repr(new Set([3, 1, 2])));
    expect(repr(new Set([1, 2]))).not.toBe(repr(new Set([1, 3])));
    expect(repr(new Map([['a', 1]]))).not.toBe(repr(new Map([['a', 2]])));
  });

  it('arrays keep their order', () => {
    expect(repr([1, 2])).not.toBe(repr([2, 1]));
  });

  it('Dates print their time', () => {
    expect(repr(new Date(1000))).toBe(repr(new Date(1000)));
    expect(repr(new Date(1000))).not.toBe(repr(new Date(1001)));
    expect(repr(new Date(0))).not.toBe(repr(0));
  });

  it('instances with [cacheIdentity]() print that identity, so equal identities are equal', () => {
    class User {
      constructor(readonly id: number) {}
      [cacheIdentity]() {
        return `user:${this.id}`;
      }
    }
    expect(repr(new User(1))).toBe(repr(new User(1)));
    expect(repr(new User(1))).not.toBe(repr(new User(2)));
    expect(repr(new User(1))).toContain('user:1');
  });

  it('[cacheIdentity]() instances print their class: <User "1"> never equals <Order "1">', () => {
    class User {
      constructor(readonly id: string | number) {}
      [cacheIdentity]() {
        return this.id;
      }
    }
    class Order {
      constructor(readonly id: string) {}
      [cacheIdentity]() {
        return this.id;
      }
    }
    expect(repr(new User('1'))).toBe('<User "1">');
    expect(repr(new Order('1'))).toBe('<Order "1">');
    expect(repr(new User(1))).toBe('<User 1>');
    expect(repr({ id: '1' })).not.toBe(repr(new User('1')));
  });

  it('value-like instances (a toJSON() on the prototype chain) print their class and that value', () => {
    class Money {
      constructor(readonly cents: number) {}
      toJSON() {
        return { cents: this.cents };
      }
    }
    class Euro extends Money {}
    expect(repr(new URL('https://x.test/a?b=1'))).toBe('URL("https://x.test/a?b=1")');
    expect(repr(new URL('https://x.test/a'))).toBe(repr(new URL('https://x.test/a')));
    expect(repr(new URL('https://x.test/a'))).not.toBe(repr(new URL('https://x.test/b')));
    expect(repr(new Euro(5))).toBe('Euro({"cents": 5})');
    expect(repr(new Money(5))).not.toBe(repr(new Euro(5)));
    expect(repr(new Date(5))).toBe('Date(5)');
    expect(repr(new URL('https://x.test/'))).not.toBe(repr('https://x.test/'));
  });

  it('instances without [cacheIdentity]() get a process-local identity: never equal by accident', () => {
    class Plain {
      constructor(readonly id: number) {}
    }
    const p = new Plain(1);
    expect(repr(p)).toBe(repr(p));
    expect(repr(new Plain(1))).not.toBe(repr(new Plain(1)));
  });

  it('[cacheIdentity]() must return a string or a number', () => {
    class Bad {
      [cacheIdentity]() {
        return { no: 1 } as unknown as string;
      }
    }
    expect(() => repr(new Bad())).toThrow(TypeError);
  });

  it('registered symbols have a form; unregistered ones throw TypeError', () => {
    expect(repr(Symbol.for('a'))).toBe(repr(Symbol.for('a')));
    expect(repr(Symbol.for('a'))).not.toBe(repr('a'));
    expect(() => repr(Symbol('a'))).toThrow(TypeError);
    expect(() => repr(Symbol.iterator)).toThrow(TypeError);
  });

  it('circular values and functions throw TypeError', () => {
    const loop: Record<string, unknown> = {};
    loop['me'] = loop;
    expect(() => repr(loop)).toThrow(/circular/);
    expect(() => repr([() => 1])).toThrow(/function/);
    expect(() => repr(new Map([['k', loop]]))).toThrow(TypeError);
  });

  it('shared references that are not circular are fine', () => {
    const shared = { n: 1 };
    expect(repr([shared, shared])).toBe(repr([{ n: 1 }, { n: 1 }]));
  });

  it('byte arrays print their bytes and their type', () => {
    expect(repr(new Uint8Array([1, 2]))).toBe(repr(new Uint8Array([1, 2])));
    expect(repr(new Uint8Array([1, 2]))).not.toBe(repr(new Uint8Array([1, 3])));
    expect(repr(Buffer.from([1, 2]))).not.toBe(repr(new Uint8Array([1, 2])));
  });

  it('reprArgs names the argument position and the function in its errors', () => {
    expect(reprArgs([1, 'a'], 'f')).toBe(`(${repr(1)}, ${repr('a')})`);
    const loop: unknown[] = [];
    loop.push(loop);
    expect(() => reprArgs([1, 2, loop], 'Orders.find')).toThrow(/argument 2 of Orders\.find.*circular/);
    expect(() => reprArgs([() => 1], 'f')).toThrow(/argument 0 of f/);
    expect(() => reprArgs([Symbol('s')], 'f')).toThrow(/argument 0 of f/);
  });

  it('a decorated call with a bad argument rejects with that TypeError and does not run', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    let runs = 0;
    const f = cache.memoize()(async function badArgs(_a: number, _b: unknown) {
      return ++runs;
    });
    await expect(f(1, () => 2)).rejects.toThrow(/argument 1 of badArgs/);
    await expect(f(1, Symbol('s'))).rejects.toThrow(TypeError);
    expect(runs).toBe(0);
  });
});
