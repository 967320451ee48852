import { describe, expect, it } from 'vitest';
import { BackendError, NotAnIntegerError, SimpleBackend } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('proxy methods (test_cache.py, GenericCacheTests on SimpleCache)', () => {
  it('set then get returns the value; a missing key is undefined (test_cache_set)', async () => {
    const cache = fresh();
    expect(await cache.set('hi', 'hello')).toBe(true);
    expect(await cache.get('hi')).toBe('hello');
    expect(await cache.get('nope')).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(await cache.set(String(i), i * i)).toBe(true);
    for (let i = 0; i < 3; i++) expect(await cache.get(String(i))).toBe(i * i);
  });

  it('values round-trip with their types (test_generic_get_set, test_generic_true_false, test_generic_get_bytes)', async () => {
    const cache = fresh();
    await cache.set('list', ['bar']);
    await cache.set('t', true);
    await cache.set('f', false);
    await cache.set('bytes', Buffer.from('bar'));
    expect(await cache.get('list')).toEqual(['bar']);
    expect(await cache.get('t')).toBe(true);
    expect(await cache.get('f')).toBe(false);
    expect(await cache.get('bytes')).toEqual(Buffer.from('bar'));
  });

  it('stores a copy: later changes to the caller\'s object do not reach the cache', async () => {
    const cache = fresh();
    const value = { n: 1 };
    await cache.set('obj', value);
    value.n = 2;
    expect(await cache.get('obj')).toEqual({ n: 1 });
  });

  it('has() is false for missing keys, true after set, false after delete (test_generic_has)', async () => {
    const cache = fresh();
    expect(await cache.has('foo')).toBe(false);
    await cache.add('foo', 'bar');
    expect(await cache.has('foo')).toBe(true);
    await cache.delete('foo');
    expect(await cache.has('foo')).toBe(false);
  });

  it('add() stores only when absent and never overwrites (test_cache_add)', async () => {
    const cache = fresh();
    expect(await cache.add('hi', 'hello')).toBe(true);
    expect(await cache.add('hi', 'foobar')).toBe(false);
    expect(await cache.get('hi')).toBe('hello');
  });

  it('delete() resolves whether the key existed (test_cache_delete)', async () => {
    const cache = fresh();
    await cache.set('hi', 'hello');
    expect(await cache.delete('hi')).toBe(true);
    expect(await cache.get('hi')).toBeUndefined();
    expect(await cache.delete('hi')).toBe(false);
  });

  it('deleteMany() counts a missing key as deleted and still deletes the rest (test_cache_delete_many)', async () => {
    const cache = fresh();
    await cache.set('hi', 'hello');
    expect(await cache.deleteMany('ho', 'hi')).toEqual(['ho', 'hi']);
    expect(await cache.get('hi')).toBeUndefined();
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

  it('getMany() returns values in key order, undefined for misses (test_generic_get_many)', async () => {
    const cache = fresh();
    await cache.set('foo', ['bar']);
    await cache.set('spam', 'eggs');
    expect(await cache.getMany('foo', 'missing', 'spam')).toEqual([['bar'], undefined, 'eggs']);
  });

  it('getDict() returns { key: value } (test_generic_get_dict)', async () => {
    const cache = fresh();
    await cache.set('a', 'a');
    await cache.set('b', 'b');
    expect(await cache.getDict('a', 'b', 'c')).toEqual({ a: 'a', b: 'b', c: undefined });
  });

  it('setMany() takes a record, a Map or pairs and resolves the keys stored (test_generic_set_many)', async () => {
    const cache = fresh({ keyPrefix: 'p_' });
    expect(await cache.setMany({ foo: 'bar', spam: ['eggs'] })).toEqual(['foo', 'spam']);
    expect(await cache.setMany(new Map<string, unknown>([['m1', 1], ['m2', { x: 2 }]]))).toEqual(['m1', 'm2']);
    expect(await cache.setMany([['p1', true], ['p2', null]])).toEqual(['p1', 'p2']);
    expect(await cache.getMany('foo', 'spam', 'm1', 'm2', 'p1', 'p2')).toEqual(['bar', ['eggs'], 1, { x: 2 }, true, null]);
  });

  it('inc() and dec() work on stored integers and resolve the new value (test_generic_inc_dec)', async () => {
    const cache = fresh();
    await cache.set('foo', 1);
    expect(await cache.inc('foo')).toBe(2);
    expect(await cache.get('foo')).toBe(2);
    expect(await cache.dec('foo')).toBe(1);
    expect(await cache.get('foo')).toBe(1);
    expect(await cache.inc('foo', 10)).toBe(11);
    expect(await cache.dec('foo', 20)).toBe(-9);
    expect(await cache.inc('fresh')).toBe(1);
    expect(await cache.dec('fresh2', 3)).toBe(-3);
    expect(await cache.delete('foo')).toBe(true);
  });

  it('inc() on a value that is not an integer rejects with NotAnIntegerError; a fractional delta is a TypeError', async () => {
    const cache = fresh();
    await cache.set('text', 'abc');
    await cache.set('float', 1.5);
    await expect(cache.inc('text')).rejects.toBeInstanceOf(NotAnIntegerError);
    await expect(cache.inc('float')).rejects.toBeInstanceOf(NotAnIntegerError);
    await expect(cache.inc('x', 1.5)).rejects.toThrow(TypeError);
  });

  it('deletePattern() deletes the matching keys of this cache only', async () => {
    const backend = new SimpleBackend();
    const a = fresh({ type: backend, keyPrefix: 'a_' });
    const b = fresh({ type: backend, keyPrefix: 'b_' });
    await a.setMany({ product_1: 1, product_2: 2, user_1: 3 });
    await b.set('product_1', 4);
    expect(await a.deletePattern('product_*')).toBe(2);
    expect(await a.has('user_1')).toBe(true);
    expect(await b.get('product_1')).toBe(4);
  });

  it('clear() removes only this cache\'s prefix when two caches share one backend', async () => {
    const backend = new SimpleBackend();
    const a = fresh({ type: backend, keyPrefix: 'a_' });
    const b = fresh({ type: backend, keyPrefix: 'b_' });
    await a.set('k', 'from a');
    await b.set('k', 'from b');
    expect(await a.get('k')).toBe('from a');
    expect(await a.clear()).toBe(true);
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBe('from b');
    expect(backend.size).toBe(1);
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
