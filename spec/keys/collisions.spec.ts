import { afterAll, describe, expect, inject, it } from 'vitest';
import { Cache, cacheIdentity } from '../../src/index.js';
import { defineOrdersLoad } from './fixtures/orders-module.js';
import { defineUsersLoad } from './fixtures/users-module.js';

/**
 * Every pair of calls that must not share a key, through a real memoized call on a real backend:
 * each computation returns a fresh token, so two calls that shared a key would return one token.
 */
const redis = inject('redis');
const run = `collide_${process.pid}_${Date.now().toString(36)}_`;
const caches: [string, Cache][] = [
  ['SimpleCache', new Cache({ type: 'SimpleCache' })],
  ['RedisCache', new Cache({ type: 'RedisCache', redisHost: redis.host, redisPort: redis.port, keyPrefix: run })],
];

afterAll(async () => {
  for (const [, cache] of caches) {
    await cache.clear();
    await cache.close();
  }
});

class User {
  constructor(readonly id: string | number) {}
  [cacheIdentity]() {
    return this.id;
  }
}
class Order {
  constructor(readonly id: string | number) {}
  [cacheIdentity]() {
    return this.id;
  }
}
class Plain {
  constructor(readonly id: string) {}
}

describe.each(caches)('on %s, calls that must not share a key never do', (_name, cache) => {
  let computed = 0;
  const token = cache.memoize({ timeout: 60 })(async function collisionToken(_value: unknown) {
    return ++computed;
  });
  /**
   * The tokens two calls get, each asked three times: a repeat must hit, different arguments must
   * not. A call enters the args memo on its first hit, so the third round is answered through it.
   */
  async function tokens(...values: unknown[]): Promise<number[]> {
    const first = [];
    for (const v of values) first.push(await token(v));
    for (let round = 0; round < 2; round++) {
      for (const [i, v] of values.entries()) expect(await token(v), 'a repeated call hits its own entry').toBe(first[i]);
    }
    return first;
  }
  const distinct = (list: number[]) => new Set(list).size;

  it('same name in two modules: the second registration throws TypeError before any call; with a namespace each answers its own', async () => {
    const users = defineUsersLoad(cache);
    const user = await users(1);
    expect(() => defineOrdersLoad(cache)).toThrow(/"load".*namespace/);
    const orders = defineOrdersLoad(cache, 'orders');
    expect(await orders(1)).toMatchObject({ kind: 'order', id: 1 });
    expect(await users(1)).toEqual(user);
  });

  it('1, "1", 1n and true', async () => {
    expect(distinct(await tokens(1, '1', 1n, true))).toBe(4);
  });

  it('-0 and 0', async () => {
    expect(distinct(await tokens(-0, 0))).toBe(2);
  });

  it('the same identity in two classes: <User "1"> and <Order "1">', async () => {
    expect(distinct(await tokens(new User('1'), new Order('1')))).toBe(2);
  });

  it('an identity that is a number and one that is a string: <User 1> and <User "1">', async () => {
    expect(distinct(await tokens(new User(1), new User('1')))).toBe(2);
  });

  it('a [cacheIdentity] object, a plain object with the same data, and the bare identity', async () => {
    expect(distinct(await tokens(new User('1'), { id: '1' }, '1', new Plain('1')))).toBe(4);
  });

  it('equal URLs share an entry; different URLs and the URL text do not', async () => {
    const [a, again, other, text] = await tokens(new URL('https://x.test/a?b=1'), new URL('https://x.test/a?b=1'), new URL('https://x.test/a?b=2'), 'https://x.test/a?b=1');
    expect(again).toBe(a);
    expect(distinct([a!, other!, text!])).toBe(3);
  });

  it('two instances of a class without identity or toJSON never share, even with equal fields', async () => {
    expect(distinct(await tokens(new Plain('1'), new Plain('1')))).toBe(2);
  });

  it('null, undefined-free arrays and strings that print alike', async () => {
    expect(distinct(await tokens(null, 'null', [null], ['null'], [1], '[1]'))).toBe(6);
  });

  const tokenOfCall = cache.memoize({ timeout: 60 })(async function collisionCallToken(..._values: unknown[]) {
    return ++computed;
  });
  /** As tokens(), for whole argument lists. */
  async function callTokens(...calls: unknown[][]): Promise<number[]> {
    const first = [];
    for (const args of calls) first.push(await tokenOfCall(...args));
    for (let round = 0; round < 2; round++) {
      for (const [i, args] of calls.entries()) expect(await tokenOfCall(...args), 'a repeated call hits its own entry').toBe(first[i]);
    }
    return first;
  }

  it('plain objects and arrays: a field of 1 and of "1", split or nested arrays, arrays and objects that print alike', async () => {
    expect(distinct(await tokens({ a: 1 }, { a: '1' }, { a: 1n }, { a: true }, { a: [1] }, { a: { 1: 1 } }, { b: 1 }, { A: 1 }, [1], 1))).toBe(10);
    expect(distinct(await tokens({ a: [1, 2] }, { a: [1], b: 2 }, { a: [1, 2], b: undefined }, { a: [[1], 2] }))).toBe(4);
    expect(distinct(await tokens(['a', 'b'], { a: 'b' }, ['a', ['b']], { 0: 'a', 1: 'b' }, 'a', ['ab']))).toBe(6);
    expect(distinct(await tokens([[]], [], [[], []], [[[]]], {}, [{}], { '': [] }))).toBe(7);
    expect(distinct(await tokens({ a: undefined }, {}, [undefined], [], { undefined: 'a' }))).toBe(5);
  });

  it('argument lists: f([1], 2), f([1, 2]), f([1], [2]), f(1, [2]) and f({a: 1}, "b") against f({a: 1, b: undefined})', async () => {
    expect(distinct(await callTokens([[1], 2], [[1, 2]], [[1], [2]], [1, [2]], [1, 2], [[[1, 2]]]))).toBe(6);
    expect(distinct(await callTokens([{ a: 1 }, 'b'], [{ a: 1, b: undefined }], [{ a: 1 }, { b: undefined }], [{ a: 1 }, {}]))).toBe(4);
  });

  it('nested objects and their flattened forms', async () => {
    expect(distinct(await tokens({ a: { b: 1, c: 2 } }, { a: { b: 1 }, c: 2 }, { a: 1, b: 1, c: 2 }, { 'a.b': 1, c: 2 }, [[1, 2], 3], [[1], [2, 3]], [1, 2, 3]))).toBe(7);
  });

  it('-0 in an object or an array against 0', async () => {
    expect(distinct(await tokens({ a: -0 }, { a: 0 }, [-0], [0], [[0]], [[-0]]))).toBe(6);
  });

  it('fields named like the markers the args memo walks with', async () => {
    const names = ['object start', 'object end', 'array start', 'array end', 'Symbol(object end)'];
    const values = [{}, [], ...names.map((name) => ({ [name]: name })), ...names.map((name) => [name]), { 'object start': 'object end', a: 1 }];
    expect(distinct(await tokens(...values))).toBe(values.length);
  });

  it('an object mutated between calls gets the answer of its new fields, and its old one back when they return', async () => {
    const filter: Record<string, unknown> = { q: 'x', tags: [1, 2] };
    const [first] = await tokens(filter);
    filter.q = 'y';
    const [second] = await tokens(filter);
    (filter.tags as number[]).push(3);
    const [third] = await tokens(filter);
    filter.page = 2;
    const [fourth] = await tokens(filter);
    delete filter.tags;
    const [fifth] = await tokens(filter);
    expect(distinct([first!, second!, third!, fourth!, fifth!])).toBe(5);
    expect(await token({ page: 2, q: 'y' }), 'the entry of the fields it has now').toBe(fifth);
    delete filter.page;
    Object.assign(filter, { q: 'x', tags: [1, 2] });
    expect(await token(filter)).toBe(first);
  });

  it('an object whose getter changes its value gets the answer of the value it has', async () => {
    let current = 'a';
    const live = {
      get v() {
        return current;
      },
    };
    const [a] = await tokens(live);
    current = 'b';
    const [b] = await tokens(live);
    expect(b).not.toBe(a);
    expect(await token({ v: 'b' })).toBe(b);
    current = 'a';
    expect(await token(live)).toBe(a);
  });

  it('share an entry, as repr says: the same fields in another order, a copy, the same object twice, a null prototype', async () => {
    const fields = { a: 1, b: [true, null], c: { d: 'x' } };
    const [original, reordered, copy, bare] = await tokens(
      fields,
      { c: { d: 'x' }, b: [true, null], a: 1 },
      structuredClone(fields),
      Object.assign(Object.create(null) as object, fields),
    );
    expect(new Set([original, reordered, copy, bare]).size).toBe(1);
    const [twice, twoCopies] = await callTokens([fields, fields], [structuredClone(fields), { ...fields }]);
    expect(twoCopies).toBe(twice);
    expect(twice).not.toBe(original);
  });
});
