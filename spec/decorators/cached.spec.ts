import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache, Cached, CachedResponse, deleteCached, runWithRequest, type CacheEvent, type RequestInfo } from '../../src/index.js';

const fresh = (config: ConstructorParameters<typeof Cache>[0] = {}) => new Cache({ type: 'SimpleCache', ...config });
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);
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

describe('cached: options', () => {
  it('unless === true never caches; false caches (test_cached_view_unless)', async () => {
    const cache = fresh();
    let runs = 0;
    let skip = true;
    const view = cache.cached({ keyPrefix: 'Unless', unless: () => skip })(async function unlessView() {
      return ++runs;
    });
    await view();
    await view();
    expect(runs).toBe(2);
    expect(await cache.has('Unless')).toBe(false);
    skip = false;
    await view();
    await view();
    expect(runs).toBe(3);
  });

  it('responseFilter gets the raw result; rejected results are returned but not stored (test_cached_view_response_filter)', async () => {
    const cache = fresh();
    let status = 500;
    let runs = 0;
    const seen: unknown[] = [];
    const view = cache.cached({
      keyPrefix: 'Filtered',
      responseFilter: (r: [string, number]) => {
        seen.push(r);
        return r[1] < 400;
      },
    })(async function filteredView(): Promise<[string, number]> {
      return [`body ${++runs}`, status];
    });
    expect(await view()).toEqual(['body 1', 500]);
    expect(await view()).toEqual(['body 2', 500]);
    status = 200;
    expect(await view()).toEqual(['body 3', 200]);
    expect(await view()).toEqual(['body 3', 200]);
    expect(seen).toEqual([['body 1', 500], ['body 2', 500], ['body 3', 200]]);
  });

  it('forcedUpdate gets the call arguments on every call and recomputes on true (test_cache_forced_update_params)', async () => {
    const cache = fresh();
    const seen: unknown[][] = [];
    let force = false;
    let runs = 0;
    const view = cache.cached({
      keyPrefix: 'Forced',
      forcedUpdate: (...args: number[]) => {
        seen.push(args);
        return force;
      },
    })(async function forcedView(_a: number) {
      return ++runs;
    });
    expect(await view(1)).toBe(1);
    expect(await view(1)).toBe(1);
    force = true;
    expect(await view(1)).toBe(2);
    force = false;
    expect(await view(1)).toBe(2);
    expect(seen).toEqual([[1], [1], [1], [1]]);
  });

  it('isStale gets the cached value and the arguments, only on hits, never after a forced update (test_cache_is_stale*)', async () => {
    const cache = fresh();
    const seen: unknown[][] = [];
    let force = false;
    let runs = 0;
    const view = cache.cached({
      keyPrefix: 'Stale',
      forcedUpdate: () => force,
      isStale: (value: number, ...args: number[]) => {
        seen.push([value, ...args]);
        return value < 2;
      },
    })(async function staleView(_a: number) {
      return ++runs;
    });
    expect(await view(1)).toBe(1);
    expect(seen).toEqual([]);
    expect(await view(1)).toBe(2);
    expect(await view(1)).toBe(2);
    expect(seen).toEqual([[1, 1], [2, 1]]);
    force = true;
    expect(await view(1)).toBe(3);
    expect(seen).toHaveLength(2);
  });

  it('null and undefined are recomputed by default (test_cached_doesnt_cache_none)', async () => {
    const cache = fresh();
    let runs = 0;
    const view = cache.cached({ keyPrefix: 'None' })(async function noneView() {
      runs++;
      return null;
    });
    await view();
    await view();
    expect(runs).toBe(2);
  });

  it('cacheNone caches null until clear() (test_cached_none)', async () => {
    const cache = fresh();
    let runs = 0;
    const view = cache.cached({ keyPrefix: 'CachedNone', cacheNone: true })(async function cachedNoneView() {
      runs++;
      return undefined;
    });
    expect(await view()).toBeUndefined();
    expect(await view()).toBeUndefined();
    expect(runs).toBe(1);
    await cache.clear();
    await view();
    expect(runs).toBe(2);
  });

  it('responseHitIndication marks the request: false on a miss, true on hits (test_hit_cache)', async () => {
    const cache = fresh();
    const view = cache.cached({ responseHitIndication: true })(async function hitView() {
      return 'x';
    });
    const seen: (boolean | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const request: RequestInfo = { path: '/hit2', method: 'GET' };
      await runWithRequest(request, () => view());
      seen.push(request.hitCache);
    }
    expect(seen).toEqual([false, true, true]);
  });

  it('without responseHitIndication the request is never marked', async () => {
    const cache = fresh();
    const view = cache.cached()(async function quietView() {
      return 'x';
    });
    const request: RequestInfo = { path: '/quiet', method: 'GET' };
    await runWithRequest(request, () => view());
    await runWithRequest(request, () => view());
    expect(request.hitCache).toBeUndefined();
  });

  it('single-flight: concurrent requests for one key run the handler once', async () => {
    const cache = fresh();
    let runs = 0;
    const view = cache.cached()(async function busyView() {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return 'page';
    });
    const pages = await Promise.all(Array.from({ length: 10 }, () => get({ path: '/busy' }, () => view())));
    expect(pages).toEqual(Array(10).fill('page'));
    expect(runs).toBe(1);
  });

  it('emits miss then hit events with kind cached and the key (test_cached_view_sends_miss_then_hit)', async () => {
    const cache = fresh();
    const events: [string, CacheEvent][] = [];
    cache.events.on('miss', (e) => events.push(['miss', e]));
    cache.events.on('hit', (e) => events.push(['hit', e]));
    const view = cache.cached()(async function eventView() {
      return 1;
    });
    await get({ path: '/foo' }, () => view());
    await get({ path: '/bar' }, () => view());
    await get({ path: '/foo' }, () => view());
    expect(events).toEqual([
      ['miss', { kind: 'cached', key: 'view//foo', fn: view.uncached }],
      ['miss', { kind: 'cached', key: 'view//bar', fn: view.uncached }],
      ['hit', { kind: 'cached', key: 'view//foo', fn: view.uncached }],
    ]);
  });

  it('carries reflect-metadata under decocache:cached', () => {
    const cache = fresh();
    const view = cache.cached()(async function metaView() {
      return 1;
    });
    expect(Reflect.getMetadata('decocache:cached', view)).toMatchObject({ kind: 'cached', name: 'metaView' });
  });

  it('rejects memoize-only and mistyped options with a TypeError naming the option', () => {
    const cache = fresh();
    expect(() => cache.cached({ argsToIgnore: ['a'] } as never)).toThrow(/argsToIgnore/);
    expect(() => cache.cached({ keyPrefix: 5 as never })).toThrow(/keyPrefix/);
    expect(() => cache.cached({ queryString: 'yes' as never })).toThrow(/queryString/);
    expect(() => cache.cached({ timeout: -5 })).toThrow(/timeout/);
  });

  it('@Cached on a method uses options.cache', async () => {
    const cache = fresh();
    let runs = 0;
    class Pages {
      @Cached({ cache, keyPrefix: 'all_comments' })
      async getAllComments() {
        return ++runs;
      }
    }
    await new Pages().getAllComments();
    await new Pages().getAllComments();
    expect(runs).toBe(1);
    expect(await cache.get('all_comments')).toBe(1);
  });
});

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
