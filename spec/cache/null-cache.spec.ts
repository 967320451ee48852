import { describe, expect, it } from 'vitest';
import { Cache, NullCache } from '../../src/index.js';

describe('NullCache (TestNullCache)', () => {
  it('stores nothing: get misses, has is false, writes report success', async () => {
    const cache = new Cache({ type: 'NullCache' });
    expect(await cache.set('foo', 'bar')).toBe(true);
    expect(await cache.get('foo')).toBeUndefined();
    expect(await cache.has('foo')).toBe(false);
    expect(await cache.add('foo', 'bar')).toBe(true);
    expect(await cache.getMany('a', 'b')).toEqual([undefined, undefined]);
    expect(await cache.clear()).toBe(true);
  });

  it('a memoized function runs on every call', async () => {
    const cache = new Cache({ type: new NullCache() });
    let runs = 0;
    const f = cache.memoize()(async function nullMemo() {
      return ++runs;
    });
    await f();
    await f();
    expect(runs).toBe(2);
  });
});
