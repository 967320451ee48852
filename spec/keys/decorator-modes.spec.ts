import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appDir, bundleApp } from '../helpers/bundle-app.js';

const run = promisify(execFile);
const { host, port } = inject('redis');
const prefix = `modes_${process.pid}_`;

/**
 * One class, compiled once as TC39 Stage-3 decorators and once as TypeScript legacy decorators
 * (`experimentalDecorators`, as NestJS builds it). Each build runs in its own process over one
 * Redis: `get ID` prints what the method returned and whether it ran; `invalidate ID` deletes one
 * entry, `invalidate-all` every entry, `static A B` calls the static method.
 */
const APP = `
import { Cache, cacheIdentity, deleteMemoized } from 'decocache';
// A fresh process connects on its first call: on a loaded machine that alone can take a second.
const cache = new Cache({ type: 'RedisCache', redisUrl: process.env.REDIS_URL, keyPrefix: process.env.PREFIX, operationTimeout: 10_000 });
let ran = 0;
class Catalog {
  [cacheIdentity]() { return 'main'; }
  @cache.memoize({ timeout: 60 })
  async product(id: number) { ran++; return { id, build: process.env.BUILD }; }
  @cache.memoize({ timeout: 60 })
  static async price(a: number, b: number) { ran++; return { sum: a + b, build: process.env.BUILD }; }
}
const [command, a, b] = process.argv.slice(2);
const catalog = new Catalog();
let value: unknown;
if (command === 'get') value = await catalog.product(Number(a));
else if (command === 'static') value = await Catalog.price(Number(a), Number(b));
else if (command === 'invalidate') value = await deleteMemoized(Catalog.prototype.product, catalog, Number(a));
else if (command === 'invalidate-all') value = await deleteMemoized(Catalog.prototype.product);
else if (command === 'key') value = await Catalog.prototype.product.makeCacheKey(catalog, Number(a));
console.log(JSON.stringify({ value, ran }));
await cache.close();
`;

const scratch = appDir('modes');
let raw: Redis;

/** The app compiled with Stage-3 or with legacy (experimentalDecorators) decorators. */
function compile(mode: 'stage3' | 'legacy'): Promise<string> {
  return bundleApp(scratch.dir, mode, APP, { tsconfigRaw: { compilerOptions: { experimentalDecorators: mode === 'legacy' } } });
}

const builds: Record<'stage3' | 'legacy', string> = { stage3: '', legacy: '' };

async function call(mode: 'stage3' | 'legacy', ...args: string[]): Promise<{ value: unknown; ran: number }> {
  const env = { ...process.env, REDIS_URL: `redis://${host}:${port}`, PREFIX: prefix, BUILD: mode };
  const { stdout } = await run(process.execPath, [builds[mode], ...args], { env, timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { value: unknown; ran: number };
}

beforeAll(async () => {
  builds.stage3 = await compile('stage3');
  builds.legacy = await compile('legacy');
  raw = new Redis({ host, port });
});
afterAll(async () => {
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length > 0) await raw.del(...keys);
  raw.disconnect();
  scratch.remove();
});

describe('Stage-3 and legacy (experimentalDecorators) builds of one class', () => {
  it('compile to different decorator code', async () => {
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(builds.legacy, 'utf8')).toContain('__decorateClass');
    expect(await readFile(builds.stage3, 'utf8')).not.toContain('__decorateClass');
  });

  it('build the same key for the same call', async () => {
    const [stage3, legacy] = await Promise.all([call('stage3', 'key', '7'), call('legacy', 'key', '7')]);
    expect(typeof stage3.value).toBe('string');
    expect(legacy.value).toBe(stage3.value);
  });

  it('share hits both ways: what one build stored, the other reads without running the method', async () => {
    expect(await call('legacy', 'get', '1')).toEqual({ value: { id: 1, build: 'legacy' }, ran: 1 });
    expect(await call('stage3', 'get', '1')).toEqual({ value: { id: 1, build: 'legacy' }, ran: 0 });
    expect(await call('stage3', 'get', '2')).toEqual({ value: { id: 2, build: 'stage3' }, ran: 1 });
    expect(await call('legacy', 'get', '2')).toEqual({ value: { id: 2, build: 'stage3' }, ran: 0 });
    expect(await call('stage3', 'static', '2', '3')).toEqual({ value: { sum: 5, build: 'stage3' }, ran: 1 });
    expect(await call('legacy', 'static', '2', '3')).toEqual({ value: { sum: 5, build: 'stage3' }, ran: 0 });
  });

  it('share invalidation: deleteMemoized in one build makes the other recompute exactly that entry', async () => {
    expect(await call('stage3', 'invalidate', '1')).toEqual({ value: true, ran: 0 });
    expect(await call('legacy', 'get', '1')).toEqual({ value: { id: 1, build: 'legacy' }, ran: 1 });
    expect(await call('legacy', 'get', '2')).toEqual({ value: { id: 2, build: 'stage3' }, ran: 0 });
    expect((await call('legacy', 'invalidate-all')).value).toBe(true);
    expect(await call('stage3', 'get', '2')).toEqual({ value: { id: 2, build: 'stage3' }, ran: 1 });
  });
});
