import { expect, it } from 'vitest';
import { cacheIdentity, deleteMemoized, deleteMemoizedInstance, functionVersionKey, instanceVersionKey, type Cache } from '../../src/index.js';

/** The decorator half of the conformance suite: memoize and delete semantics on the backend under test. */
export function conformanceDecorators(getCache: () => Cache): void {
  it('@memoize: a repeat call hits, other arguments miss, instances keep their own entries', async () => {
    const cache = getCache();
    let calls = 0;
    class Adder {
      constructor(readonly base: number) {}
      [cacheIdentity]() {
        return `adder-${this.base}`;
      }
      @cache.memoize({ timeout: 60 })
      async add(n: number) {
        calls++;
        return this.base + n;
      }
    }
    const one = new Adder(1);
    const ten = new Adder(10);
    expect([await one.add(1), await one.add(1), await one.add(2), await ten.add(1), await ten.add(1)]).toEqual([2, 2, 3, 11, 11]);
    expect(calls).toBe(3);
    expect(await cache.get(functionVersionKey('Adder.add'))).toMatch(/^.{6}$/);
    expect(await cache.get(instanceVersionKey('Adder.add', 'adder-1'))).toMatch(/^.{6}$/);
    const key = await (Adder.prototype.add as unknown as { makeCacheKey(self: Adder, n: number): Promise<string> }).makeCacheKey(one, 1);
    expect(key).toHaveLength(28);
    expect(await cache.get(key)).toBe(2);
  });

  it('deleteMemoized(fn, instance, ...args) removes only that entry; deleteMemoizedInstance one instance', async () => {
    const cache = getCache();
    const calls: string[] = [];
    class Repo {
      constructor(readonly id: string) {}
      [cacheIdentity]() {
        return this.id;
      }
      @cache.memoize()
      async find(n: number) {
        calls.push(`${this.id}:${n}`);
        return `${this.id}:${n}`;
      }
    }
    const a = new Repo('a');
    const b = new Repo('b');
    await Promise.all([a.find(1), a.find(2), b.find(1)]);
    expect(await cache.deleteMemoized(Repo.prototype.find, a, 1)).toBe(true);
    await Promise.all([a.find(1), a.find(2), b.find(1)]);
    // The three first calls run in parallel (on a Cluster, on different nodes): any order.
    expect(calls.slice(0, 3).sort()).toEqual(['a:1', 'a:2', 'b:1']);
    expect(calls.slice(3)).toEqual(['a:1']);
    await deleteMemoizedInstance(b, Repo.prototype.find);
    await Promise.all([a.find(2), b.find(1)]);
    expect(calls.slice(4)).toEqual(['b:1']);
    await deleteMemoized(Repo.prototype.find);
    await Promise.all([a.find(2), b.find(1)]);
    expect(calls.slice(5).sort()).toEqual(['a:2', 'b:1']);
  });

  it('cacheNone caches null results; by default they are recomputed', async () => {
    const cache = getCache();
    let plain = 0;
    let kept = 0;
    const nothing = cache.memoize()(async function confNothing() {
      plain++;
      return null;
    });
    const keptNothing = cache.memoize({ cacheNone: true })(async function confKeptNothing() {
      kept++;
      return null;
    });
    await nothing();
    await nothing();
    await keptNothing();
    expect(await keptNothing()).toBeNull();
    expect([plain, kept]).toEqual([2, 1]);
  });

  it('concurrent identical calls share one computation', async () => {
    const cache = getCache();
    let calls = 0;
    const slow = cache.memoize()(async function confSlow(n: number) {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return n;
    });
    expect(await Promise.all(Array.from({ length: 10 }, () => slow(7)))).toEqual(Array(10).fill(7));
    expect(calls).toBe(1);
  });
}
