import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Cache } from '../../src/index.js';

// Anyone who can write to the shared Redis can put any text under a cache's keys: each row is
// such a text, and each must read as a miss, quickly, without allocating from its claims.
const P = `hostile_${process.pid}_`;
const huge = { length: 400_000_000 };
const wrongPayloads: Record<string, unknown[]> = {
  n: [5, '5', 'nan', null, huge, ['NaN']],
  b: [huge, '1e9', '12abc', 12, ['1'], '7'.repeat(100_000)],
  u: [1, 'x'],
  d: [huge, 'abc', 12, [], '1'.repeat(40)],
  B: [huge, 400_000_000, [1, 2, 3], '@@@@', { type: 'Buffer', data: [1] }, null],
  U: [huge, 400_000_000, [1, 2, 3], '%%%%', null],
  m: [huge, 'x', [1, 2], [[1]], [[1, 2, 3]], null],
  s: [huge, 'abc', 7, null],
  o: [[1], 'x', null, 3],
  r: ['abc', { s: '(', f: '' }, { s: 'a', f: 'zz' }, { s: 1, f: 'g' }],
  e: ['x', { n: 1, m: 'x', p: {} }, { n: 'Error', m: 'x' }, { n: 'Error', m: 'x', p: [] }],
};
const rows: [string, string][] = [];
for (const [tag, payloads] of Object.entries(wrongPayloads)) {
  for (const v of payloads) rows.push([`"${tag}" with ${JSON.stringify(v).slice(0, 40)}`, `!${JSON.stringify({ $t: tag, v })}`]);
}
rows.push(
  ['"B" with an extra key', '!{"$t":"B","v":"AAAA","x":1}'],
  ['"u" without its payload but with two keys', '!{"$t":"u","w":1}'],
  ['an unknown tag', '!{"$t":"zz","v":1}'],
  ['a tag that is not a string', '!{"$t":5,"v":1}'],
  ['arrays nested a million deep', `!${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`],
  ['objects nested 200,000 deep', `!${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`],
  ['Sets nested 100,000 deep', `!${'{"$t":"s","v":['.repeat(100_000)}${']}'.repeat(100_000)}`],
  ['a Map holding a Buffer that claims 400 MB', '!{"$t":"m","v":[["k",{"$t":"B","v":{"length":400000000}}]]}'],
);

let raw: Redis;
let cache: Cache;
const warnings: string[] = [];

beforeAll(() => {
  const { host, port } = inject('redis');
  raw = new Redis({ host, port });
  raw.on('error', () => {});
  cache = new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: P, logger: { warn: (m: string) => void warnings.push(m), error: () => {} } });
});
afterAll(async () => {
  await cache.clear();
  await cache.close();
  raw.disconnect();
});

describe('hostile values in Redis, read through Cache.get', () => {
  it.each(rows)('%s is a miss, answered quickly, with no large allocation', async (_name, text) => {
    await raw.set(`${P}k`, text);
    const before = process.memoryUsage();
    const t0 = performance.now();
    expect(await cache.get('k')).toBeUndefined();
    // Read twice: the second read would come from the decode memo if the first had been kept.
    expect(await cache.get('k')).toBeUndefined();
    const ms = performance.now() - t0;
    const after = process.memoryUsage();
    expect(ms).toBeLessThan(1000);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(256 * 1024 * 1024);
    expect(warnings.at(-1)).toMatch(/could not decode the value at "k"/);
  });

  it('the values the encoder writes still read back, next to the hostile ones', async () => {
    const value = { b: Buffer.from('hi'), u: new Uint8Array([1]), d: new Date(5), n: [Number.NaN, -0], big: 10n ** 30n, m: new Map([[1, new Set([2])]]), r: /a+/gi };
    await cache.set('good', value);
    expect(await cache.get('good')).toStrictEqual(value);
  });
});
