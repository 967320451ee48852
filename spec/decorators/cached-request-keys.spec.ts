import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { runWithRequest, type RequestInfo } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

const get = <T>(request: RequestInfo, fn: () => Promise<T>) => runWithRequest({ method: 'GET', ...request }, fn);

describe('cached: request keys', () => {
  it("keys by the request path as 'view/%s' (view//users/1)", async () => {
    const cache = fresh();
    let runs = 0;
    const user = cache.cached()(async function user() {
      return ++runs;
    });
    expect(await get({ path: '/users/1' }, () => user())).toBe(1);
    expect(await get({ path: '/users/1' }, () => user())).toBe(1);
    expect(await get({ path: '/users/2' }, () => user())).toBe(2);
    expect(await cache.get('view//users/1')).toBe(1);
    expect(await cache.get('view//users/2')).toBe(2);
  });

  it('outside a request, %s stands for the function name', async () => {
    const cache = fresh();
    // Not `const home = ... function home`: esbuild would rename the inner name to home2.
    const view = cache.cached()(async function home() {
      return 'page';
    });
    await view();
    expect(await cache.get('view/home')).toBe('page');
  });

  it('serves only GET and HEAD from the cache inside a request', async () => {
    const cache = fresh();
    let runs = 0;
    const handler = cache.cached()(async function handler() {
      return ++runs;
    });
    await get({ path: '/p' }, () => handler());
    expect(await runWithRequest({ path: '/p', method: 'POST' }, () => handler())).toBe(2);
    expect(await runWithRequest({ path: '/p', method: 'HEAD' }, () => handler())).toBe(1);
  });

  it('queryString: the same pairs in any order share an entry, repeated keys included (test_generate_cache_key_from_query_string*)', async () => {
    const cache = fresh();
    let runs = 0;
    const works = cache.cached({ queryString: true })(async function works() {
      return ++runs;
    });
    expect(await get({ path: '/works', query: 'mock=true&offset=20&limit=15' }, () => works())).toBe(1);
    expect(await get({ path: '/works', query: 'limit=15&mock=true&offset=20' }, () => works())).toBe(1);
    expect(await get({ path: '/v1/works', query: 'limit=15&mock=true&offset=20' }, () => works())).toBe(2);
    expect(await get({ path: '/works', query: 'user[]=123&user[]=124' }, () => works())).toBe(3);
    expect(await get({ path: '/works', query: 'user[]=124&user[]=123' }, () => works())).toBe(3);
    expect(await get({ path: '/works', query: 'user[]=125&user[]=123' }, () => works())).toBe(4);
  });

  it('keyPrefix with %s keeps the prefix in front of the query digest (test_query_string_key_includes_key_prefix)', async () => {
    const cache = fresh();
    const custom = cache.cached({ queryString: true, keyPrefix: 'custom/%s' })(async function custom() {
      return 1;
    });
    await get({ path: '/works', query: 'a=1&b=2' }, () => custom());
    const digest = createHash('sha256').update("(('a', '1'), ('b', '2'))").digest('hex');
    expect(await cache.get(`custom//works${digest}`)).toBe(1);
  });

  it('the cache hashMethod applies, and the decorator option wins over it (test_cached_uses_configured_hash_method)', async () => {
    const cache = fresh({ hashMethod: 'md5' });
    const byConfig = cache.cached({ queryString: true })(async function byConfig() {
      return 1;
    });
    const byOption = cache.cached({ queryString: true, hashMethod: 'sha512', keyPrefix: 'o/%s' })(async function byOption() {
      return 2;
    });
    await get({ path: '/h', query: 'a=1' }, () => byConfig());
    await get({ path: '/h', query: 'a=1' }, () => byOption());
    expect(await cache.get(`view//h${createHash('md5').update("(('a', '1'),)").digest('hex')}`)).toBe(1);
    expect(await cache.get(`o//h${createHash('sha512').update("(('a', '1'),)").digest('hex')}`)).toBe(2);
  });

  it('a makeCacheKey option replaces key building and gets the call arguments (test_generate_cache_key_from_request_body)', async () => {
    const cache = fresh();
    let runs = 0;
    const byBody = cache.cached({ makeCacheKey: (body: string) => `body/${createHash('md5').update(body).digest('hex')}` })(
      async function byBody(body: string) {
        return `${body}:${++runs}`;
      },
    );
    expect(await byBody('a')).toBe('a:1');
    expect(await byBody('a')).toBe('a:1');
    expect(await byBody('b')).toBe('b:2');
    expect(await byBody.makeCacheKey(undefined, 'a')).toBe(`body/${createHash('md5').update('a').digest('hex')}`);
  });

  it('fn.makeCacheKey() inside a request is the key of that request (test_cache_key_property)', async () => {
    const cache = fresh();
    const page = cache.cached()(async function page() {
      return 'cached body';
    });
    await get({ path: '/page' }, async () => {
      await page();
      expect(await cache.get(await page.makeCacheKey(undefined))).toBe('cached body');
    });
  });

  it('sourceCheck appends the source digest to a constant prefix (test_cached_source_check_from_config_applies_to_first_call)', async () => {
    const cache = fresh({ sourceCheck: true });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const v1 = cache.cached({ keyPrefix: 'MyBits' })(async function srcBits() {
        return Math.random();
      });
      const v2 = cache.cached({ keyPrefix: 'MyBits' })(async function srcBits() {
        return { changed: Math.random() };
      });
      const v3 = cache.cached({ keyPrefix: 'MyBits' })(async function srcBits() {
        return Math.random();
      });
      const before = await v1.makeCacheKey(undefined);
      expect(before).toMatch(/^MyBits[0-9a-f]{64}$/);
      const first = await v1();
      expect(await v1.makeCacheKey(undefined)).toBe(before);
      expect(await v2()).not.toBe(first);
      expect(await v3()).toBe(first);
    } finally {
      warn.mockRestore();
    }
  });

  it('without sourceCheck a changed body still gets the old value (test_cache_cached_function_with_source_check_disabled)', async () => {
    const cache = fresh();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const v1 = cache.cached({ keyPrefix: 'Plain', sourceCheck: false })(async function plainBits() {
        return 1;
      });
      const v2 = cache.cached({ keyPrefix: 'Plain', sourceCheck: false })(async function plainBits() {
        return 2;
      });
      expect(await v1()).toBe(1);
      expect(await v2()).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });
});
