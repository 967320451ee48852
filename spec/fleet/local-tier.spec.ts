import { describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD_BYTES, LocalTier, entryBytes } from '../../src/fleet/local-tier.js';
import { globToRegExp } from '../../src/index.js';

const now = 1_000_000;
const tier = (maxEntries = Infinity, maxBytes = Infinity, ttlMs = 60_000) => new LocalTier({ maxEntries, maxBytes, ttlMs });
const keys = (t: LocalTier, ...ks: string[]) => ks.filter((k) => t.peek(k, now) !== undefined);

describe('LocalTier', () => {
  it('keeps at most maxEntries, evicting the least recently used first', () => {
    const t = tier(3);
    t.set('a', '1', 0, now);
    t.set('b', '2', 0, now);
    t.set('c', '3', 0, now);
    t.peek('a', now);
    t.set('d', '4', 0, now);
    expect(t.size).toBe(3);
    expect(t.peek('b', now)).toBeUndefined();
    expect(keys(t, 'a', 'c', 'd')).toEqual(['a', 'c', 'd']);
  });

  it('a read gives an entry a second chance, not a permanent seat', () => {
    const t = tier(2);
    t.set('a', '1', 0, now);
    t.set('b', '2', 0, now);
    t.peek('a', now);
    t.set('c', '3', 0, now); // a read: b goes
    t.set('d', '4', 0, now); // a's chance was used up: a goes
    expect(t.peek('a', now)).toBeUndefined();
    expect(keys(t, 'c', 'd')).toEqual(['c', 'd']);
  });

  it('counts 2 bytes per character of key and value plus the entry overhead, and keeps within maxBytes', () => {
    expect(entryBytes('key', 'value')).toBe(ENTRY_OVERHEAD_BYTES + 16);
    const t = tier(Infinity, 3 * entryBytes('k0', 'v'.repeat(100)));
    for (let i = 0; i < 10; i++) t.set(`k${i}`, 'v'.repeat(100), 0, now);
    expect(t.size).toBe(3);
    expect(t.bytes).toBe(3 * entryBytes('k0', 'v'.repeat(100)));
    t.set('k9', 'short', 0, now);
    expect(t.bytes).toBe(2 * entryBytes('k0', 'v'.repeat(100)) + entryBytes('k9', 'short'));
    t.delete('k9');
    t.clear();
    expect([t.size, t.bytes]).toEqual([0, 0]);
  });

  it('does not keep a value larger than maxBytes on its own', () => {
    const t = tier(Infinity, 1000);
    t.set('small', 'x', 0, now);
    t.set('big', 'x'.repeat(1000), 0, now);
    expect(t.peek('big', now)).toBeUndefined();
    expect(t.peek('small', now)?.value).toBe('x');
  });

  it('an entry lives until the expiry it was given, capped at ttl; 0 (never) means the cap', () => {
    const t = tier(Infinity, Infinity, 5000);
    t.set('soon', 'v', now + 1000, now);
    t.set('late', 'v', now + 50_000, now);
    t.set('never', 'v', 0, now);
    expect(t.peek('soon', now + 999)).toBeDefined();
    expect(t.peek('soon', now + 1000)).toBeUndefined();
    expect(t.peek('late', now + 4999)).toBeDefined();
    expect(t.peek('late', now + 5000)).toBeUndefined();
    expect(t.peek('never', now + 5000)).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('extend() lengthens within the cap and never shortens', () => {
    const t = tier(Infinity, Infinity, 5000);
    t.set('k', 'v', now + 1000, now);
    t.extend('k', now + 500, now);
    expect(t.peek('k', now + 999)?.expires).toBe(now + 1000);
    t.extend('k', 0, now);
    expect(t.peek('k', now + 999)?.expires).toBe(now + 5000);
  });

  it('clear(prefix) and deleteMatching(glob) remove exactly the keys they name', () => {
    const t = tier();
    for (const k of ['app_1', 'app_users_1', 'apple', 'other']) t.set(k, 'v', 0, now);
    t.clear('app_');
    expect(keys(t, 'app_1', 'app_users_1', 'apple', 'other')).toEqual(['apple', 'other']);
    for (const k of ['p_user_1', 'p_user_2', 'p_order_1', 'p_user']) t.set(k, 'v', 0, now);
    t.deleteMatching(globToRegExp('p_user_?'));
    expect(keys(t, 'p_user_1', 'p_user_2', 'p_order_1', 'p_user')).toEqual(['p_order_1', 'p_user']);
  });

  it('count and bytes stay within bounds over 200000 distinct keys', () => {
    const maxBytes = 2_000_000;
    const t = tier(5000, maxBytes);
    let over = 0;
    for (let i = 0; i < 200_000; i++) {
      t.set(`decocache_key_${i}`, `value-${i}-${'x'.repeat(i % 300)}`, 0, now);
      if (i % 3 === 0) t.peek(`decocache_key_${i - 7}`, now);
      if (t.size > 5000 || t.bytes > maxBytes) over++;
    }
    expect(over).toBe(0);
    expect(t.bytes).toBeGreaterThan(maxBytes * 0.9);
  });
});
