import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimpleBackend } from '../../src/index.js';
import { advance, fresh } from '../helpers/memory-cache.js';

describe('timeouts (test_generic_timeout, test_purge)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('timeout 0 never expires; a positive timeout does; undefined means defaultTimeout', async () => {
    const cache = fresh({ defaultTimeout: 2 });
    await cache.set('forever', 1, 0);
    await cache.set('short', 1, 1);
    await cache.set('default', 1);
    advance(1.5);
    expect(await cache.has('short')).toBe(false);
    expect(await cache.has('default')).toBe(true);
    advance(1);
    expect(await cache.has('default')).toBe(false);
    advance(10 * 365 * 24 * 3600);
    expect(await cache.get('forever')).toBe(1);
  });

  it('touch() lengthens but never shortens', async () => {
    const cache = fresh();
    await cache.set('k', 1, 10);
    expect(await cache.touch('k', 100)).toBe(true);
    advance(50);
    expect(await cache.touch('k', 1)).toBe(true);
    advance(5);
    expect(await cache.has('k')).toBe(true);
    expect(await cache.touch('missing', 5)).toBe(false);
  });

  it('SimpleCache prunes before insert, so threshold 2 holds 3 entries after four sets', async () => {
    const backend = new SimpleBackend({ threshold: 2 });
    const cache = fresh({ type: backend });
    for (const k of ['a', 'b', 'c', 'd']) await cache.set(k, k);
    expect(backend.size).toBe(3);
  });

  it('the threshold option reaches SimpleCache', () => {
    const cache = fresh({ threshold: 7 });
    expect(cache.config.threshold).toBe(7);
    return cache.backend().then((b) => expect((b as SimpleBackend).threshold).toBe(7));
  });
});
