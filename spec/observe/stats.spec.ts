import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { CacheExtension } from '../../src/integrations/nunjucks.js';
import { ChaosBackend } from '../helpers/chaos-backend.js';
import { fresh } from '../helpers/memory-cache.js';

const quiet = { warn: () => {}, error: () => {} };

describe('cache.stats()', () => {
  it('counts memoized hits and misses in total and per function name', async () => {
    const cache = fresh();
    const squared = cache.memoize()(async function square(n: number) {
      return n * n;
    });
    class Prices {
      @cache.memoize()
      async price(sku: string) {
        return sku.length;
      }
    }
    const prices = new Prices();
    await squared(2);
    await squared(2);
    await squared(2);
    await squared(3);
    await prices.price('a');
    await prices.price('a');
    expect(cache.stats()).toEqual({
      hits: 3,
      misses: 3,
      stale: 0,
      errors: 0,
      localHits: 0,
      functions: {
        square: { hits: 2, misses: 2, stale: 0, errors: 0 },
        'Prices.price': { hits: 1, misses: 1, stale: 0, errors: 0 },
      },
    });
  });

  it('counts @cached calls under the function name', async () => {
    const cache = fresh();
    const page = cache.cached({ keyPrefix: 'home' })(async function home() {
      return '<h1>home</h1>';
    });
    await page();
    await page();
    expect(cache.stats().functions).toEqual({ home: { hits: 1, misses: 1, stale: 0, errors: 0 } });
  });

  it('explicit proxy calls do not count', async () => {
    const cache = fresh();
    await cache.set('a', 1);
    await cache.get('a');
    await cache.get('missing');
    await cache.getMany('a', 'b');
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, stale: 0, errors: 0, localHits: 0, functions: {} });
  });

  it('a fail-open backend error counts under errors, not misses', async () => {
    const backend = new ChaosBackend();
    const cache = new Cache({ type: backend, logger: quiet, circuitBreaker: false });
    const doubled = cache.memoize()(async function twice(n: number) {
      return n * 2;
    });
    backend.mode = 'throw';
    expect(await doubled(1)).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, errors: 1, functions: { twice: { hits: 0, misses: 0, errors: 1 } } });
  });

  it('with debug: true the error is counted, then re-thrown', async () => {
    const backend = new ChaosBackend();
    const cache = new Cache({ type: backend, logger: quiet, circuitBreaker: false, debug: true });
    const doubledDebug = cache.memoize()(async function twiceDebug(n: number) {
      return n * 2;
    });
    backend.mode = 'throw';
    await expect(doubledDebug(1)).rejects.toThrow(/chaos/);
    expect(cache.stats().errors).toBe(1);
  });

  it('a failed store after a miss counts one miss and one error', async () => {
    const backend = new ChaosBackend();
    const cache = new Cache({ type: backend, logger: quiet, circuitBreaker: false });
    const f = cache.memoize()(async function storeFails() {
      return 1;
    });
    backend.mode = 'throw';
    backend.only = new Set(['set', 'touch']);
    await f();
    expect(cache.stats().functions['storeFails']).toEqual({ hits: 0, misses: 1, stale: 0, errors: 1 });
  });

  it('resetStats() zeroes every counter and counting goes on after it', async () => {
    const cache = fresh();
    const f = cache.memoize()(async function resettable(n: number) {
      return n;
    });
    await f(1);
    await f(1);
    cache.resetStats();
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, stale: 0, errors: 0, localHits: 0, functions: {} });
    await f(1);
    expect(cache.stats().functions).toEqual({ resettable: { hits: 1, misses: 0, stale: 0, errors: 0 } });
  });

  it('each cache counts its own calls', async () => {
    const a = fresh();
    const b = fresh();
    const callA = a.memoize()(async function inA() {
      return 1;
    });
    const callB = b.memoize()(async function inB() {
      return 2;
    });
    await callA();
    await callB();
    await callB();
    expect(a.stats()).toMatchObject({ hits: 0, misses: 1, functions: { inA: { misses: 1 } } });
    expect(b.stats()).toMatchObject({ hits: 1, misses: 1, functions: { inB: { hits: 1, misses: 1 } } });
  });

  it('counts nunjucks fragments under fragment:<name>', async () => {
    const cache = new Cache();
    const env = new nunjucks.Environment(undefined, { autoescape: true });
    CacheExtension.install(env, cache);
    const render = (who: string) =>
      new Promise<string>((resolve, reject) =>
        env.renderString('{% cache 60, "sidebar", who %}<b>{{ who }}</b>{% endcache %}', { who }, (error, html) => (error ? reject(error) : resolve(html ?? ''))),
      );
    await render('ann');
    await render('ann');
    await render('bob');
    expect(cache.stats().functions).toEqual({ 'fragment:sidebar': { hits: 1, misses: 2, stale: 0, errors: 0 } });
  });

  it('local-tier hits and stale values recorded by the fleet features land in hits, localHits and stale', () => {
    const cache = fresh();
    cache.outcomes.recordHit('catalog', 'local');
    cache.outcomes.recordHit('catalog', 'shared');
    cache.outcomes.recordStale('catalog');
    expect(cache.stats()).toMatchObject({ hits: 2, localHits: 1, stale: 1, functions: { catalog: { hits: 2, stale: 1 } } });
  });
});
