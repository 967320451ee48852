import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Cache, globToRegExp } from '../../src/index.js';

/**
 * Each row: a glob, the keys Redis's KEYS / SCAN MATCH (stringmatchlen in util.c) matches, and keys
 * it does not. The same table runs through deletePattern on a real Redis and on every in-process
 * backend, so a glob deletes the same keys everywhere.
 */
const TABLE: { glob: string; match: string[]; miss: string[] }[] = [
  { glob: 'h?llo', match: ['hello', 'hallo'], miss: ['hllo', 'heello'] },
  { glob: 'h*llo', match: ['hllo', 'heeeello', 'hello'], miss: ['hxllox'] },
  { glob: 'h[ae]llo', match: ['hello', 'hallo'], miss: ['hillo', 'hllo'] },
  { glob: 'h[^e]llo', match: ['hallo', 'hbllo'], miss: ['hello', 'hllo'] },
  { glob: 'h[a-b]llo', match: ['hallo', 'hbllo'], miss: ['hcllo'] },
  { glob: 'h[b-a]llo', match: ['hallo', 'hbllo'], miss: ['hcllo'] },
  { glob: '[A-Z]x', match: ['Bx'], miss: ['bx'] },
  { glob: '*a*b', match: ['xaxb', 'ab', 'aab'], miss: ['ba', 'abx'] },
  { glob: 'x**y', match: ['xy', 'x12y'], miss: ['x12'] },
  // A backslash escapes the next byte, inside a set too; a trailing one is literal.
  { glob: 'a\\*b', match: ['a*b'], miss: ['axb', 'ab'] },
  { glob: 'a\\?b', match: ['a?b'], miss: ['axb'] },
  { glob: 'h\\[ello', match: ['h[ello'], miss: ['hello'] },
  { glob: 'ab\\', match: ['ab\\'], miss: ['ab', 'abc'] },
  { glob: 'a[\\]]b', match: ['a]b'], miss: ['a\\b', 'a\\]b', 'ab'] },
  { glob: 'q[\\a-c]', match: ['qa', 'q-', 'qc'], miss: ['qb'] },
  { glob: 'w[[]', match: ['w['], miss: ['w]', 'w'] },
  // A `[` without `]` takes the rest of the pattern as its set.
  { glob: 'a[b', match: ['ab'], miss: ['a[b', 'a[', 'ac'] },
  { glob: 'n[bc', match: ['nb', 'nc'], miss: ['nbc', 'n['] },
  { glob: 'm[^', match: ['mb', 'm['], miss: ['m', 'mbc'] },
  // `]` right after `[` closes an empty set, which matches nothing.
  { glob: 'x[]a]', match: [], miss: ['x]a]', 'xa]', 'x]'] },
  // `a-]` is a range from `]` to `a`, and the set then runs to the end of the pattern.
  { glob: 'y[a-]', match: ['y]', 'ya', 'y^'], miss: ['y-', 'yb'] },
  // Redis matches bytes: `?` and a set take one byte of the UTF-8 encoding.
  { glob: 'a?b', match: ['axb'], miss: ['aéb', 'a😀b'] },
  { glob: 'a??b', match: ['aéb', 'axyb'], miss: ['axb'] },
  { glob: 'e????', match: ['e😀', 'eéé', 'eabcd'], miss: ['eé'] },
  { glob: 'é*', match: ['éa', 'é'], miss: ['e', 'aé'] },
  { glob: 'z[é]', match: [], miss: ['zé'] },
  { glob: 'z[é][é]', match: ['zé'], miss: ['zéé'] },
  // A range bound above ASCII compares as a signed char: `a-é` spans 0xC3..0xFF and 0x00..0x61.
  { glob: 'r[a-é]*', match: ['ré', 'ra', 'r!'], miss: ['rb', 'rz'] },
];

const redis = inject('redis');
const dir = mkdtempSync(join(tmpdir(), 'decocache-glob-'));
const run = `glob_${process.pid}_${Date.now().toString(36)}`;
const backends: [string, Cache][] = [
  ['RedisCache', new Cache({ type: 'RedisCache', redisHost: redis.host, redisPort: redis.port, keyPrefix: `${run}_` })],
  ['SimpleCache', new Cache({ type: 'SimpleCache', threshold: 10_000 })],
  ['FileSystemCache', new Cache({ type: 'FileSystemCache', dir, threshold: 10_000 })],
  ['KeyvCache', new Cache({ type: 'KeyvCache' })],
];

afterAll(async () => {
  for (const [, cache] of backends) {
    await cache.clear();
    await cache.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.each(backends)('deletePattern(glob) on %s follows Redis glob rules', (_name, cache) => {
  it.each(TABLE.map((row, n) => [row.glob, n, row] as const))('%s', async (_glob, n, row) => {
    const key = (k: string) => `r${n}:${k}`;
    for (const k of [...row.match, ...row.miss]) await cache.set(key(k), k);
    const deleted = await cache.deletePattern(`r${n}:${row.glob}`);
    const left = (await cache.getMany(...[...row.match, ...row.miss].map(key))).filter((v) => v !== undefined);
    expect({ deleted, left }).toEqual({ deleted: row.match.length, left: row.miss });
  });
});

describe('globToRegExp(glob)', () => {
  it('tests JavaScript strings by their UTF-8 bytes, as Redis does', () => {
    expect(globToRegExp('a??b').test('aéb')).toBe(true);
    expect(globToRegExp('a?b').test('aéb')).toBe(false);
    expect(globToRegExp('a[\\]]b').test('a]b')).toBe(true);
  });

  it('an empty key matches only the pattern `*` (the KEYS and SCAN shortcut) or an empty pattern', () => {
    expect([globToRegExp('*').test(''), globToRegExp('').test(''), globToRegExp('**').test(''), globToRegExp('?').test('')]).toEqual([true, true, false, false]);
  });
});
