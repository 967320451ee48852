import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { deleteCached, runWithRequest, type RequestInfo } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

const get = <T>(request: RequestInfo, fn: () => Promise<T>) => runWithRequest({ method: 'GET', ...request }, fn);

describe('deleteCached', () => {
  it('deletes one view entry by path (test_delete_cached_view)', async () => {
    const cache = fresh();
    let runs = 0;
    const user = cache.cached()(async function viewUser() {
      return ++runs;
    });
    await get({ path: '/user/bob' }, () => user());
    expect(await deleteCached(user, { path: '/user/bob' })).toBe(true);
    expect(await get({ path: '/user/bob' }, () => user())).toBe(2);
    expect(await cache.deleteCached(user, { path: '/user/nobody' })).toBe(false);
  });

  it('matches a query given as a string in any order, a record, or pairs (test_delete_cached_query_string)', async () => {
    const cache = fresh();
    let runs = 0;
    const works = cache.cached({ queryString: true })(async function deletableWorks() {
      return ++runs;
    });
    const request = () => get({ path: '/works', query: 'mock=true&limit=15' }, () => works());
    await request();
    expect(await deleteCached(works, { path: '/works', queryArgs: '?limit=15&mock=true' })).toBe(true);
    expect(await request()).toBe(2);
    expect(await deleteCached(works, { path: '/works', queryArgs: { limit: 15, mock: true } })).toBe(true);
    expect(await request()).toBe(3);
    expect(await deleteCached(works, { path: '/works', queryArgs: [['mock', 'true'], ['limit', '15']] })).toBe(true);
    expect(await request()).toBe(4);
  });

  it('only deletes the entry with matching arguments (test_delete_cached_query_string_only_deletes_matching_arguments)', async () => {
    const cache = fresh();
    let runs = 0;
    const works = cache.cached({ queryString: true })(async function matchingWorks() {
      return ++runs;
    });
    await get({ path: '/works', query: 'limit=15' }, () => works());
    await get({ path: '/works', query: 'limit=20' }, () => works());
    expect(await deleteCached(works, { path: '/works', queryArgs: 'limit=20' })).toBe(true);
    expect(await get({ path: '/works', query: 'limit=15' }, () => works())).toBe(1);
    expect(await get({ path: '/works', query: 'limit=20' }, () => works())).toBe(3);
  });

  it('matches repeated parameters in another order (test_delete_cached_query_string_repeated_parameters)', async () => {
    const cache = fresh();
    const works = cache.cached({ queryString: true })(async function repeatedWorks() {
      return 1;
    });
    await get({ path: '/works', query: 'user[]=123&user[]=124' }, () => works());
    expect(await deleteCached(works, { path: '/works', queryArgs: 'user[]=124&user[]=123' })).toBe(true);
  });

  it('outside a request makeCacheKey-style deletion equals the in-request key (test_make_cache_key_outside_request_context)', async () => {
    const cache = fresh();
    const works = cache.cached({ queryString: true })(async function outsideWorks() {
      return 1;
    });
    const inside = await get({ path: '/works', query: 'mock=true&limit=15' }, () => works.makeCacheKey(undefined));
    await get({ path: '/works', query: 'mock=true&limit=15' }, () => works());
    expect(await cache.has(inside)).toBe(true);
    expect(await deleteCached(works, { path: '/works', queryArgs: 'limit=15&mock=true' })).toBe(true);
    expect(await cache.has(inside)).toBe(false);
  });

  it('a memoized or undecorated function throws TypeError', () => {
    const cache = fresh();
    const memo = cache.memoize()(async function memoOnly() {
      return 1;
    });
    expect(() => deleteCached(memo)).toThrow(TypeError);
    expect(() => deleteCached(async () => 1)).toThrow(TypeError);
  });
});
