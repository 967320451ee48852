import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('memoize: events', () => {
  it('emits miss then hit with { kind, key, fn } (test_memoize_sends_miss_then_hit)', async () => {
    const cache = fresh();
    const events: [string, CacheEvent][] = [];
    cache.events.on('hit', (e) => events.push(['hit', e]));
    cache.events.on('miss', (e) => events.push(['miss', e]));
    const add = cache.memoize()(async function add(a: number, b: number) {
      return a + b;
    });
    await add(1, 2);
    await add(1, 2);
    expect(events.map(([n]) => n)).toEqual(['miss', 'hit']);
    const [[, miss], [, hit]] = events as [[string, CacheEvent], [string, CacheEvent]];
    expect(miss).toEqual({ kind: 'memoize', key: hit.key, fn: add.uncached });
    expect(hit.key).toBe(await add.makeCacheKey(undefined, 1, 2));
  });

  it('a forced update and a stale value are reported as misses', async () => {
    const cache = fresh();
    const kinds: string[] = [];
    cache.events.on('hit', () => kinds.push('hit'));
    cache.events.on('miss', () => kinds.push('miss'));
    let force = false;
    let n = 0;
    const f = cache.memoize({ forcedUpdate: () => force, isStale: (v: number) => v === 1 })(async function evts() {
      return ++n;
    });
    await f(); // miss, stores 1
    await f(); // stale, stores 2
    await f(); // hit
    force = true;
    await f(); // forced, stores 3
    force = false;
    await f(); // hit
    expect(kinds).toEqual(['miss', 'miss', 'hit', 'miss', 'hit']);
    expect(n).toBe(3);
  });
});
