import { afterEach, describe, expect, it, vi } from 'vitest';
import { Cache, type CacheEvent } from '../../src/index.js';

// Only Date is faked: the cache's ages move with the clock, timers (softTimeout) stay real.
const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);
afterEach(() => vi.useRealTimers());

function recorder(cache: Cache) {
  const seen: string[] = [];
  for (const name of ['hit', 'miss', 'stale', 'refresh'] as const) cache.events.on(name, (e: CacheEvent) => seen.push(`${name}:${e.kind}`));
  return seen;
}

describe('grace', () => {
  it('when the function throws after the timeout, the stale value is served with a stale event, and the call does not reject', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new Cache({ type: 'SimpleCache' });
    let fail = false;
    let runs = 0;
    const price = cache.memoize({ timeout: 10, grace: 60 })(async function gracePrice(id: number) {
      runs++;
      if (fail) throw new Error('upstream down');
      return { id, price: runs };
    });
    const seen = recorder(cache);
    expect(await price(1)).toEqual({ id: 1, price: 1 });
    later(11);
    fail = true;
    expect(await price(1)).toEqual({ id: 1, price: 1 });
    expect(seen).toEqual(['miss:memoize', 'miss:memoize', 'stale:memoize']);
    expect(cache.stats().stale).toBe(1);
    later(61);
    // Past timeout + grace nothing is kept: the error reaches the caller.
    await expect(price(1)).rejects.toThrow('upstream down');
  });

  it('a stale entry is recomputed on the next call, and the fresh result replaces it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new Cache({ type: 'SimpleCache' });
    let runs = 0;
    const price = cache.memoize({ timeout: 10, grace: 60 })(async function graceRecompute(id: number) {
      return { id, run: ++runs };
    });
    expect(await price(1)).toEqual({ id: 1, run: 1 });
    expect(await price(1)).toEqual({ id: 1, run: 1 });
    later(11);
    expect(await price(1)).toEqual({ id: 1, run: 2 });
    expect(await price(1)).toEqual({ id: 1, run: 2 });
  });

  it('deleteMemoized leaves nothing to serve stale: a throwing function then rejects', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new Cache({ type: 'SimpleCache' });
    let fail = false;
    const price = cache.memoize({ timeout: 10, grace: 600 })(async function graceInvalidated(id: number) {
      if (fail) throw new Error('upstream down');
      return { id };
    });
    await price(1);
    await cache.deleteMemoized(price);
    later(11);
    fail = true;
    await expect(price(1)).rejects.toThrow('upstream down');
  });

  it('softTimeout: a slow recomputation returns the stale value at softTimeout, then stores its result in the background', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new Cache({ type: 'SimpleCache' });
    let runs = 0;
    let slow = false;
    const price = cache.memoize({ timeout: 10, grace: 60, softTimeout: 30 })(async function graceSlow(id: number) {
      runs++;
      if (slow) await new Promise((resolve) => setTimeout(resolve, 200));
      return { id, run: runs };
    });
    const seen = recorder(cache);
    await price(1);
    later(11);
    slow = true;
    const started = performance.now();
    expect(await price(1)).toEqual({ id: 1, run: 1 });
    expect(performance.now() - started).toBeLessThan(180);
    expect(seen).toContain('refresh:memoize');
    expect(seen).toContain('stale:memoize');
    await new Promise((resolve) => setTimeout(resolve, 300));
    slow = false;
    expect(await price(1)).toEqual({ id: 1, run: 2 });
    expect(runs).toBe(2);
  });

  it('cached views serve a stale page when the view throws', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new Cache({ type: 'SimpleCache' });
    let fail = false;
    const page = cache.cached({ keyPrefix: 'grace-page', timeout: 10, grace: 60 })(async function gracePage() {
      if (fail) throw new Error('template error');
      return '<p>ok</p>';
    });
    const seen = recorder(cache);
    expect(await page()).toBe('<p>ok</p>');
    later(11);
    fail = true;
    expect(await page()).toBe('<p>ok</p>');
    expect(seen).toContain('stale:cached');
  });

  it('options are checked: softTimeout needs grace; grace, refreshAhead and lock have their ranges', () => {
    const cache = new Cache({ type: 'SimpleCache' });
    expect(() => cache.memoize({ softTimeout: 10 })).toThrow(/softTimeout needs grace/);
    expect(() => cache.memoize({ grace: -1 })).toThrow(/grace/);
    expect(() => cache.memoize({ refreshAhead: 1 })).toThrow(/refreshAhead/);
    expect(() => cache.memoize({ lock: { waitMs: 0 } })).toThrow(/lock/);
    expect(() => cache.cached({ lock: { holdMs: 5 } as never })).toThrow(/lock/);
  });
});

describe('refreshAhead', () => {
  it('a hit after r x timeout returns the cached value at once and refreshes it once in the background', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new Cache({ type: 'SimpleCache' });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const price = cache.memoize({ timeout: 10, refreshAhead: 0.5 })(async function aheadPrice(id: number) {
      runs++;
      if (runs > 1) await gate;
      return { id, run: runs };
    });
    const seen = recorder(cache);
    expect(await price(1)).toEqual({ id: 1, run: 1 });
    later(4);
    expect(await price(1)).toEqual({ id: 1, run: 1 });
    expect(runs).toBe(1);
    later(2);
    // Past half the timeout: every hit answers at once; one refresh runs for all of them.
    const hits = await Promise.all([price(1), price(1), price(1)]);
    expect(hits).toEqual([{ id: 1, run: 1 }, { id: 1, run: 1 }, { id: 1, run: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(2);
    expect(seen.filter((e) => e === 'refresh:memoize')).toHaveLength(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await price(1)).toEqual({ id: 1, run: 2 });
  });
});
