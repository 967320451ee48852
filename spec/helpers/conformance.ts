import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Buffer } from 'node:buffer';
import { Cache, NotAnIntegerError, deleteMemoized, functionVersionKey } from '../../src/index.js';
import { conformanceDecorators } from './conformance-decorators.js';

/** What a backend can do, which decides how some cases are checked. */
export interface ConformanceTraits {
  /** Expiry is checked with real waiting (remote servers) rather than a moved clock. */
  realClock: boolean;
  /** The backend can enumerate keys (deletePattern works; otherwise it must reject clearly). */
  enumerates: boolean;
}

/** Builds a Cache on the backend under test with the given key prefix. */
export type MakeCache = (keyPrefix: string) => Cache | Promise<Cache>;

let suiteCounter = 0;

/**
 * The one conformance suite every backend runs: each proxy method, expiry, type round-trips,
 * prefix isolation, and the decorators' memoize and delete semantics end to end.
 */
export function describeBackendConformance(label: string, makeCache: MakeCache, traits: ConformanceTraits): void {
  describe(`${label} conformance`, () => {
    const run = `c${process.pid}_${++suiteCounter}_${Date.now().toString(36)}`;
    let cache: Cache;
    let other: Cache;
    beforeAll(async () => {
      cache = await makeCache(`${run}_a_`);
      other = await makeCache(`${run}_b_`);
    });
    afterEach(() => {
      vi.useRealTimers();
    });
    afterAll(async () => {
      await cache.clear().catch(() => {});
      await other.clear().catch(() => {});
      await cache.close();
      await other.close();
    });

    it('set then get round-trips a string; a missing key is undefined (test_cache_set, test_generic_set_get)', async () => {
      expect(await cache.set('hi', 'hello')).toBe(true);
      expect(await cache.get('hi')).toBe('hello');
      expect(await cache.get('never-set')).toBeUndefined();
      for (let i = 0; i < 3; i++) expect(await cache.set(String(i), i * i)).toBe(true);
      for (let i = 0; i < 3; i++) expect(await cache.get(String(i))).toBe(i * i);
    });

    it('values keep their types (test_generic_get_set, test_generic_true_false, test_generic_get_bytes)', async () => {
      const values: Record<string, unknown> = {
        int: 42, neg: -7, float: 1.5, nan: NaN, inf: -Infinity, negZero: -0, yes: true, no: false, nil: null,
        big: 12345678901234567890n, date: new Date(1_700_000_000_123), map: new Map<unknown, unknown>([[1, 'a'], ['b', [2]]]),
        set: new Set([1, 'x']), list: [1, 'two', [3]], obj: { a: { b: [1, { c: 'd' }] } }, buf: Buffer.from([0, 255, 7]),
        bytes: new Uint8Array([1, 2, 3]), numericString: '42', empty: '', unicode: 'æøå ✓ 🎉',
      };
      await cache.setMany(values);
      for (const [key, value] of Object.entries(values)) expect(await cache.get(key), key).toStrictEqual(value);
      expect(Buffer.isBuffer(await cache.get('buf'))).toBe(true);
      for (const [key, value] of [['list', ['bar']], ['t', true], ['f', false], ['bytes', Buffer.from('bar')]] as const) {
        expect(await cache.set(key, value)).toBe(true);
        expect(await cache.get(key), key).toStrictEqual(value);
      }
    });

    it('a 200 kB value round-trips', async () => {
      const big = 'x'.repeat(200_000);
      await cache.set('big', big);
      expect(await cache.get('big')).toBe(big);
    });

    it('add stores only when the key is absent; has sees it (test_cache_add, test_generic_add, test_cache_has)', async () => {
      await cache.delete('add-me');
      expect(await cache.add('add-me', 1)).toBe(true);
      expect(await cache.has('add-me')).toBe(true);
      expect(await cache.add('add-me', 2)).toBe(false);
      expect(await cache.get('add-me')).toBe(1);
    });

    it('delete reports whether the key existed; has follows (test_cache_delete, test_generic_delete, test_generic_has)', async () => {
      expect(await cache.has('del')).toBe(false);
      await cache.set('del', 'x');
      expect(await cache.has('del')).toBe(true);
      expect(await cache.delete('del')).toBe(true);
      expect(await cache.has('del')).toBe(false);
      expect(await cache.get('del')).toBeUndefined();
      expect(await cache.delete('del')).toBe(false);
    });

    it('deleteMany removes every key and counts missing ones as deleted (test_cache_delete_many, test_generic_delete_many)', async () => {
      await cache.setMany({ d1: 1, d2: 2 });
      expect(await cache.deleteMany('d-missing', 'd1', 'd2')).toEqual(['d-missing', 'd1', 'd2']);
      expect(await cache.getMany('d1', 'd2')).toEqual([undefined, undefined]);
    });

    it('unlink removes keys like deleteMany (test_cache_unlink)', async () => {
      await cache.setMany({ u1: 1, u2: 2 });
      await cache.unlink('u1', 'u2');
      expect(await cache.getMany('u1', 'u2')).toEqual([undefined, undefined]);
    });

    it('getMany keeps key order; getDict maps keys to values (test_generic_get_many, test_generic_get_dict)', async () => {
      expect(await cache.setMany([['foo', ['bar']], ['spam', 'eggs']])).toEqual(expect.arrayContaining(['foo', 'spam']));
      expect(await cache.getMany('foo', 'nope', 'spam')).toEqual([['bar'], undefined, 'eggs']);
      expect(await cache.getDict('foo', 'spam', 'nope')).toStrictEqual({ foo: ['bar'], spam: 'eggs', nope: undefined });
    });

    it('inc and dec are integer arithmetic on stored numbers (test_generic_inc_dec)', async () => {
      await cache.set('n', 1);
      expect(await cache.inc('n')).toBe(2);
      expect(await cache.get('n')).toBe(2);
      expect(await cache.dec('n')).toBe(1);
      expect(await cache.get('n')).toBe(1);
      expect(await cache.inc('n', 10)).toBe(11);
      expect(await cache.dec('n', 20)).toBe(-9);
      expect(await cache.get('n')).toBe(-9);
      await cache.deleteMany('fresh-counter', 'fresh-up', 'fresh-down');
      expect(await cache.inc('fresh-counter', 5)).toBe(5);
      expect(await cache.inc('fresh-up')).toBe(1);
      expect(await cache.dec('fresh-down', 3)).toBe(-3);
      expect(await cache.delete('n')).toBe(true);
    });

    it('inc on a value that is not an integer rejects with NotAnIntegerError; a fractional delta is a TypeError', async () => {
      await cache.set('text', 'abc');
      await cache.set('float', 1.5);
      await expect(cache.inc('text')).rejects.toBeInstanceOf(NotAnIntegerError);
      await expect(cache.inc('float')).rejects.toBeInstanceOf(NotAnIntegerError);
      await expect(cache.inc('int', 1.5)).rejects.toThrow(TypeError);
      await expect(cache.dec('int', 1.5)).rejects.toThrow(TypeError);
    });

    it('timeout 0 never expires; a 1 s timeout does (test_generic_timeout)', async () => {
      await cache.set('forever', 'f', 0);
      await cache.set('brief', 'b', 1);
      await advance(traits, 2100);
      expect(await cache.get('forever')).toBe('f');
      expect(await cache.get('brief')).toBeUndefined();
      expect(await cache.has('brief')).toBe(false);
    });

    it('touch extends an entry and reports whether it exists', async () => {
      let touched = false;
      // memcached's clock ticks once a second, so a 1 s entry can be gone a few ms after the set.
      for (let attempt = 0; attempt < 3 && !touched; attempt++) {
        await cache.set('touched', 't', 1);
        touched = await cache.touch('touched', 60);
      }
      expect(touched).toBe(true);
      await advance(traits, 2100);
      expect(await cache.get('touched')).toBe('t');
      expect(await cache.touch('never-there', 60)).toBe(false);
    });

    it('clear removes this prefix and leaves another prefix alone', async () => {
      await cache.setMany({ 'shared-name': 'mine', 'mine-only': 1, 'mine-too': 2 });
      await other.set('shared-name', 'theirs');
      expect(await cache.get('shared-name')).toBe('mine');
      expect(await cache.clear()).toBe(true);
      expect(await cache.getMany('shared-name', 'mine-only', 'mine-too')).toEqual([undefined, undefined, undefined]);
      expect(await other.get('shared-name')).toBe('theirs');
    });

    it(traits.enumerates ? 'deletePattern deletes matching keys of this prefix only' : 'deletePattern rejects clearly', async () => {
      await cache.setMany({ product_1: 1, product_2: 2, user_1: 3 });
      await other.set('product_1', 'other');
      if (!traits.enumerates) {
        await expect(cache.deletePattern('product_*')).rejects.toThrow(/enumerate/);
        return;
      }
      expect(await cache.deletePattern('product_*')).toBe(2);
      expect(await cache.getMany('product_1', 'product_2', 'user_1')).toEqual([undefined, undefined, 3]);
      expect(await other.get('product_1')).toBe('other');
    });

    it('non-string keys and bad timeouts are rejected with TypeError', async () => {
      await expect(cache.get(1 as unknown as string)).rejects.toThrow(TypeError);
      await expect(cache.set('k', 1, -1)).rejects.toThrow(TypeError);
      await expect(cache.set('k', 1, NaN)).rejects.toThrow(TypeError);
      await expect(cache.set('k', () => 1)).rejects.toThrow(TypeError);
    });

    conformanceDecorators(() => cache);

    it('deleteMemoized(fn) reaches entries through the version key', async () => {
      let calls = 0;
      const twice = cache.memoize({ timeout: 30 })(async function confTwice(n: number) {
        calls++;
        return n * 2;
      });
      await twice(2);
      expect(await cache.get(functionVersionKey('confTwice'))).toMatch(/^.{6}$/);
      await deleteMemoized(twice);
      await twice(2);
      expect(calls).toBe(2);
    });
  });
}

async function advance(traits: ConformanceTraits, ms: number): Promise<void> {
  if (traits.realClock) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return;
  }
  // In-process backends read Date.now(); faking only Date keeps I/O and timers real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + ms);
}
