import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache, FileSystemCache } from '../../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'decocache-fs-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const cacheFiles = () => readdirSync(dir).filter((n) => n.endsWith('.dcc'));

describe('FileSystemCache', () => {
  it('requires a dir: the config error names the field', () => {
    expect(() => new Cache({ type: 'FileSystemCache' })).toThrow(/dir/);
  });

  it('concurrent writers of one key never leave a torn value', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir });
    const values = Array.from({ length: 40 }, (_, i) => String(i).repeat(50_000));
    await Promise.all(values.map((v) => cache.set('contended', v)));
    expect(values).toContain(await cache.get('contended'));
    expect(readdirSync(dir).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('concurrent add on one key: exactly one wins', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir });
    const won = await Promise.all(Array.from({ length: 50 }, (_, i) => cache.add('once', i)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await cache.get('once')).toBe(won.indexOf(true));
  });

  it('concurrent inc in one process ends at the exact total', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir });
    await Promise.all(Array.from({ length: 200 }, () => cache.inc('hits')));
    expect(await cache.get('hits')).toBe(200);
  });

  it('add replaces an expired file; the expiry lives in the file', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir });
    await cache.set('old', 'stale', 1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2000);
    expect(await new Cache({ type: 'FileSystemCache', dir }).get('old')).toBeUndefined();
    expect(await cache.add('old', 'fresh')).toBe(true);
    expect(await cache.get('old')).toBe('fresh');
  });

  it('prunes past the threshold: expired entries first, then the soonest to expire', async () => {
    const backend = new FileSystemCache({ dir, threshold: 3 });
    const cache = new Cache({ type: backend });
    await cache.set('short', 1, 1);
    await cache.set('long', 2, 1000);
    await cache.set('forever', 3, 0);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2000);
    await cache.set('new1', 4, 500);
    await cache.set('new2', 5, 600);
    expect(cacheFiles().length).toBeLessThanOrEqual(3);
    expect(await cache.get('forever')).toBe(3);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('new2')).toBe(5);
  });

  it('overwriting keys at the threshold evicts nothing', async () => {
    const cache = new Cache({ type: new FileSystemCache({ dir, threshold: 2 }) });
    await cache.setMany({ a: 1, b: 2 });
    for (let i = 0; i < 5; i++) await cache.set('a', i);
    expect(await cache.getMany('a', 'b')).toEqual([4, 2]);
  });

  it('clear() removes cache files only, and only under its prefix', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const mine = new Cache({ type: 'FileSystemCache', dir, keyPrefix: 'mine_' });
    const theirs = new Cache({ type: 'FileSystemCache', dir, keyPrefix: 'theirs_' });
    await mine.set('k', 1);
    await theirs.set('k', 2);
    await mine.clear();
    expect(await mine.get('k')).toBeUndefined();
    expect(await theirs.get('k')).toBe(2);
    await new Cache({ type: 'FileSystemCache', dir }).clear();
    expect(cacheFiles()).toEqual([]);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });
});
