import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CachedResponse, runWithRequest, type RequestInfo } from '../../src/index.js';
import { advance, fresh } from '../helpers/memory-cache.js';

const get = <T>(request: RequestInfo, fn: () => Promise<T>) => runWithRequest({ method: 'GET', ...request }, fn);

describe('cached: keys and expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a constant keyPrefix shares one entry until the timeout (test_cache_cached_function)', async () => {
    const cache = fresh();
    const getRandomBits = cache.cached({ timeout: 1, keyPrefix: 'MyBits' })(async function getRandomBits() {
      return Array.from({ length: 4 }, () => Math.random());
    });
    const first = await getRandomBits();
    expect(await getRandomBits()).toEqual(first);
    expect(await cache.get('MyBits')).toEqual(first);
    advance(2);
    expect(await getRandomBits()).not.toEqual(first);
  });

  it('fn.cacheTimeout changes the timeout of later stores', async () => {
    const cache = fresh();
    const bits = cache.cached({ timeout: 1, keyPrefix: 'Timed' })(async function timedBits() {
      return Math.random();
    });
    expect(bits.cacheTimeout).toBe(1);
    bits.cacheTimeout = 5;
    const first = await bits();
    advance(4);
    expect(await bits()).toBe(first);
    advance(2);
    expect(await bits()).not.toBe(first);
  });

  it('a CachedResponse result sets its own timeout (test_cache_timeout_dynamic_via_cached_reponse)', async () => {
    const cache = fresh();
    let runs = 0;
    const view = cache.cached({ timeout: 1, keyPrefix: 'Dynamic' })(async function dynamic() {
      return new CachedResponse(`body ${++runs}`, 5);
    });
    const first = await view();
    expect(first).toBeInstanceOf(CachedResponse);
    advance(3);
    const hit = await view();
    expect(hit).toBeInstanceOf(CachedResponse);
    expect((hit as CachedResponse<string>).response).toBe('body 1');
    advance(3);
    expect(((await view()) as CachedResponse<string>).response).toBe('body 2');
  });

  it.each(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const)('works with hashMethod %s (test_cache_accepts_multiple_ciphers)', async (hashMethod) => {
    const cache = fresh();
    const view = cache.cached({ timeout: 1, queryString: true, hashMethod })(async function ciphers() {
      return Math.random();
    });
    const first = await get({ path: '/c', query: 'a=1' }, () => view());
    expect(await get({ path: '/c', query: 'a=1' }, () => view())).toBe(first);
    const pairs = "(('a', '1'),)";
    expect(await cache.has(`view//c${createHash(hashMethod).update(pairs).digest('hex')}`)).toBe(true);
    advance(2);
    expect(await get({ path: '/c', query: 'a=1' }, () => view())).not.toBe(first);
  });
});
