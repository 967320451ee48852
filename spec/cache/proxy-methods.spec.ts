import { describe, expect, it } from 'vitest';
import { BackendError, SimpleBackend } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

// The proxy methods' common behaviour is in the conformance suite every backend runs
// (spec/helpers/conformance.ts); here is what only SimpleCache or the Cache itself shows.
describe('proxy methods beyond the conformance suite (test_cache.py, on SimpleCache)', () => {
  it('stores a copy: later changes to the caller\'s object do not reach the cache', async () => {
    const cache = fresh();
    const value = { n: 1 };
    await cache.set('obj', value);
    value.n = 2;
    expect(await cache.get('obj')).toEqual({ n: 1 });
  });

  it('deleteMany() rejects with BackendError naming keys that stayed, unless ignoreErrors (test_cache_delete_many_ignored)', async () => {
    class Stubborn extends SimpleBackend {
      override async deleteMany(keys: readonly string[]): Promise<string[]> {
        await super.deleteMany(keys.filter((k) => !k.endsWith('keep')));
        return keys.filter((k) => !k.endsWith('keep'));
      }
    }
    const strict = fresh({ type: new Stubborn() });
    await strict.set('a', 1);
    await strict.set('keep', 2);
    await expect(strict.deleteMany('a', 'keep')).rejects.toSatisfy((e) => e instanceof BackendError && /keep/.test(e.message));
    expect(await strict.get('a')).toBeUndefined();
    const lenient = fresh({ type: new Stubborn(), ignoreErrors: true });
    await lenient.set('a', 1);
    await lenient.set('keep', 2);
    expect(await lenient.deleteMany('a', 'keep')).toEqual(['a']);
  });

  it('unlink() falls back to deleteMany on backends without UNLINK (test_cache_unlink_if_not)', async () => {
    const cache = fresh();
    await cache.set('biggerkey', 'test');
    await cache.set('biggerkey1', 'test');
    await cache.set('stays', 'test');
    expect(await cache.unlink('biggerkey', 'biggerkey1')).toEqual(['biggerkey', 'biggerkey1']);
    expect(await cache.has('biggerkey')).toBe(false);
    expect(await cache.has('biggerkey1')).toBe(false);
    expect(await cache.has('stays')).toBe(true);
  });

  it('setMany() takes a record, a Map or pairs and resolves the keys stored (test_generic_set_many)', async () => {
    const cache = fresh({ keyPrefix: 'p_' });
    expect(await cache.setMany({ foo: 'bar', spam: ['eggs'] })).toEqual(['foo', 'spam']);
    expect(await cache.setMany(new Map<string, unknown>([['m1', 1], ['m2', { x: 2 }]]))).toEqual(['m1', 'm2']);
    expect(await cache.setMany([['p1', true], ['p2', null]])).toEqual(['p1', 'p2']);
    expect(await cache.getMany('foo', 'spam', 'm1', 'm2', 'p1', 'p2')).toEqual(['bar', ['eggs'], 1, { x: 2 }, true, null]);
  });

  it("calls made before an async backend is ready use that backend's default key prefix", async () => {
    const backend = Object.assign(new SimpleBackend(), { defaultKeyPrefix: 'dp_' });
    const cache = fresh({ type: async () => backend });
    const early = [cache.set('k', 1), cache.setMany({ m: 2 }), cache.add('a', 3)];
    expect(await Promise.all(early)).toEqual([true, ['m'], true]);
    expect(cache.keyPrefix).toBe('dp_');
    expect(await backend.get('k')).toBeUndefined();
    expect(await backend.getMany(['dp_k', 'dp_m', 'dp_a'])).toEqual(['1', '2', '3']);
    const later = fresh({ type: async () => backend });
    expect(await later.get('k')).toBe(1);
    expect(await later.deleteMany('k', 'm')).toEqual(['k', 'm']);
    await backend.set('foreign', 'x', 0);
    const clearing = fresh({ type: async () => backend });
    expect(await clearing.clear()).toBe(true);
    expect(backend.size).toBe(1);
  });

  it('the same memoized name in two caches on one backend keeps separate entries and versions', async () => {
    const backend = new SimpleBackend();
    const a = fresh({ type: backend, keyPrefix: 'a_' });
    const b = fresh({ type: backend, keyPrefix: 'b_' });
    let runs = 0;
    // One definition used by two caches: the same function, so one name is no conflict.
    const define = (cache: typeof a, tag: string) =>
      cache.memoize()(async function sharedName(x: number) {
        return `${tag}${x}:${++runs}`;
      });
    const fa = define(a, 'a');
    const fb = define(b, 'b');
    expect(await fa(1)).toBe('a1:1');
    expect(await fb(1)).toBe('b1:2');
    await a.deleteMemoized(fa);
    expect(await fb(1)).toBe('b1:2');
    expect(await fa(1)).toBe('a1:3');
  });
});
