import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';

describe('decorators go through the public proxy methods (test_subclassing.py)', () => {
  class RecordingCache extends Cache {
    calls: string[] = [];
    override get<T>(key: string) {
      this.calls.push('get');
      return super.get<T>(key);
    }
    override getMany<T>(...keys: string[]) {
      this.calls.push('getMany');
      return super.getMany<T>(...keys);
    }
    override set(key: string, value: unknown, timeout?: number) {
      this.calls.push('set');
      return super.set(key, value, timeout);
    }
    override add(key: string, value: unknown, timeout?: number) {
      this.calls.push('add');
      return super.add(key, value, timeout);
    }
    override has(key: string) {
      this.calls.push('has');
      return super.has(key);
    }
    override delete(key: string) {
      this.calls.push('delete');
      return super.delete(key);
    }
    override deleteMany(...keys: string[]) {
      this.calls.push('deleteMany');
      return super.deleteMany(...keys);
    }
    override touch(key: string, timeout?: number) {
      this.calls.push('touch');
      return super.touch(key, timeout);
    }
  }

  it('cached: a miss calls get then set; a hit calls get (test_cached_uses_public_methods)', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    const view = cache.cached({ keyPrefix: 'rec' })(async function recView() {
      return 'x';
    });
    await view();
    expect(cache.calls).toEqual(['get', 'set']);
    cache.calls = [];
    await view();
    expect(cache.calls).toEqual(['get']);
  });

  it('cached with cacheNone: a miss calls get, has, set (test_cached_cache_none_uses_public_has)', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    const view = cache.cached({ keyPrefix: 'recNone', cacheNone: true })(async function recNone() {
      return null;
    });
    await view();
    expect(cache.calls).toEqual(['get', 'has', 'set']);
  });

  it('memoize: a hit is one getMany of versions and entry (test_memoize_uses_public_methods)', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    let runs = 0;
    const f = cache.memoize()(async function recMemo(a: number) {
      return a + ++runs;
    });
    await f(1);
    expect(cache.calls[0]).toBe('getMany');
    expect(cache.calls).toContain('set');
    cache.calls = [];
    expect(await f(1)).toBe(2);
    expect(cache.calls).toEqual(['getMany']);
    expect(runs).toBe(1);
  });

  it('deleteMemoized(fn, ...args) uses delete, deleteMemoized(fn) set, deleteMemoizedVerhash deleteMany', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    const f = cache.memoize()(async function recDelete(a: number, b: number) {
      return a + b;
    });
    await f(5, 2);
    cache.calls = [];
    await cache.deleteMemoized(f, 5, 2);
    expect(cache.calls).toContain('delete');
    cache.calls = [];
    await cache.deleteMemoized(f);
    expect(cache.calls).toEqual(['set']);
    cache.calls = [];
    await cache.deleteMemoizedVerhash(f);
    expect(cache.calls).toEqual(['deleteMany']);
  });
});
