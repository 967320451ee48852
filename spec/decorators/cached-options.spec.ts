import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Cached, runWithRequest, type CacheEvent, type RequestInfo } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

const get = <T>(request: RequestInfo, fn: () => Promise<T>) => runWithRequest({ method: 'GET', ...request }, fn);

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
      ['hit', { kind: 'cached', key: 'view//foo', fn: view.uncached, tier: 'shared' }],
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
