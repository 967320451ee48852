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
  /** The tokens two calls get, each asked twice: a repeat must hit, different arguments must not. */
  async function tokens(...values: unknown[]): Promise<number[]> {
    const first = [];
    for (const v of values) first.push(await token(v));
    for (const [i, v] of values.entries()) expect(await token(v), 'a repeated call hits its own entry').toBe(first[i]);
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
});
