import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { buildCli, type BuiltCli } from '../helpers/cli.js';
import { freePort } from '../helpers/servers/process.js';

let cli: BuiltCli;
const { host, port } = inject('redis');
const redisUrl = `redis://${host}:${port}`;
const memcached = inject('memcached');
const caches: Cache[] = [];
let n = 0;

/** A fresh prefix, the application Cache over it, and the CLI run with the same configuration from the environment. */
function app(type: 'RedisCache' | 'MemcachedCache') {
  const prefix = `cli_${process.pid}_${++n}_`;
  const cache = type === 'RedisCache' ? new Cache({ type, redisUrl, keyPrefix: prefix }) : new Cache({ type, memcachedServers: memcached, keyPrefix: prefix });
  caches.push(cache);
  const env: Record<string, string> = type === 'RedisCache' ? { CACHE_REDIS_URL: redisUrl, CACHE_KEY_PREFIX: prefix } : { CACHE_MEMCACHED_SERVERS: memcached, CACHE_KEY_PREFIX: prefix };
  return { cache, prefix, run: (...args: string[]) => cli.run(args, env) };
}

beforeAll(async () => {
  cli = await buildCli();
});

afterAll(async () => {
  for (const cache of caches) await cache.close();
});

describe('decocache: usage', () => {
  it('is the package bin: dist/cli/main.js, a node script', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ decocache: './dist/cli/main.js' });
    expect(cli.main.endsWith(join('cli', 'main.js'))).toBe(true);
    expect(readFileSync(cli.main, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('no command is exit 2 with the reason and the usage on stderr', async () => {
    const result = await cli.run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^decocache: no command given\n\nUsage: decocache <command>/);
  });

  it('--help lists every command on stdout; every command has its own --help', async () => {
    const top = await cli.run(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['get', 'set', 'delete', 'keys', 'clear', 'delete-memoized', 'stats']) {
      expect(top.stdout).toContain(`  ${name} `);
      const own = await cli.run([name, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: decocache ${name}\\b`));
    }
    expect((await cli.run(['help', 'keys'])).stdout).toMatch(/^Usage: decocache keys/);
  });

  it('an unknown command, a flag before the command, an unknown flag or a wrong argument count is exit 2', async () => {
    for (const args of [['fetch', 'x'], ['--json', 'get', 'x'], ['get', 'x', '--force'], ['get'], ['get', 'a', 'b'], ['clear', 'x'], ['set', 'k', 'not json'], ['set', 'k', '1', '--timeout', '-1'], ['delete-memoized']]) {
      const result = await cli.run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^decocache: .+\n\nUsage: decocache/);
    }
  });

  it('a configuration error is exit 2 before anything connects', async () => {
    const badHash = await cli.run(['get', 'x'], { CACHE_REDIS_URL: redisUrl, CACHE_HASH_METHOD: 'md4' });
    expect(badHash.code).toBe(2);
    expect(badHash.stderr).toMatch(/hashMethod must be one of/);
    expect((await cli.run(['get', 'x', '--type', 'BogusCache'])).code).toBe(2);
  });

  it('an unreachable backend is exit 3, and the process still ends promptly', async () => {
    const dead = `redis://${host}:${await freePort()}`;
    const result = await cli.run(['get', 'x', '--redis-url', dead]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/get: the backend failed/);
  });
});

describe('decocache on Redis', () => {
  it('get prints what the application stored, as JSON; --json wraps it; a missing key is exit 1', async () => {
    const { cache, run } = app('RedisCache');
    await cache.set('user:1', { name: 'Ada', roles: ['admin'] });
    const human = await run('get', 'user:1');
    expect(human).toMatchObject({ code: 0, stdout: '{\n  "name": "Ada",\n  "roles": [\n    "admin"\n  ]\n}\n' });
    expect(JSON.parse((await run('get', 'user:1', '--json')).stdout)).toEqual({ key: 'user:1', found: true, value: { name: 'Ada', roles: ['admin'] } });
    const missing = await run('get', 'user:2');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('not found: user:2');
    expect(JSON.parse((await run('get', 'user:2', '--json')).stdout)).toEqual({ key: 'user:2', found: false });
  });

  it('get shows values JSON cannot hold in Node notation, and --json in a JSON form', async () => {
    const { cache, run } = app('RedisCache');
    await cache.set('m', new Map([['a', 1n]]));
    expect((await run('get', 'm')).stdout).toBe("Map(1) { 'a' => 1n }\n");
    expect(JSON.parse((await run('get', 'm', '--json')).stdout).value).toEqual({ a: '1' });
  });

  it('set stores a JSON value the application reads, for --timeout seconds', async () => {
    const { cache, prefix, run } = app('RedisCache');
    expect(await run('set', 'greeting', '"hello"', '--timeout', '60')).toMatchObject({ code: 0, stdout: 'stored greeting\n' });
    expect(await cache.get('greeting')).toBe('hello');
    const backend = (await cache.backend()) as unknown as { client: { ttl(key: string): Promise<number> } };
    const ttl = await backend.client.ttl(`${prefix}greeting`);
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
    expect((await run('set', 'n', '-5')).code).toBe(0);
    expect(await cache.get('n')).toBe(-5);
  });

  it('delete removes keys; any missing key is exit 1 and named on stderr', async () => {
    const { cache, run } = app('RedisCache');
    await cache.setMany({ a: 1, b: 2, c: 3 });
    expect(await run('delete', 'a', 'b')).toMatchObject({ code: 0, stdout: 'deleted a\ndeleted b\n' });
    const partly = await run('delete', 'c', 'zz', '--json');
    expect(partly.code).toBe(1);
    expect(JSON.parse(partly.stdout)).toEqual({ deleted: ['c'], missing: ['zz'] });
    expect(await cache.getMany('a', 'b', 'c')).toEqual([undefined, undefined, undefined]);
  });

  it('keys lists the keys under the prefix without it, filtered by a glob; none matching is exit 0', async () => {
    const { cache, run } = app('RedisCache');
    const other = new Cache({ type: 'RedisCache', redisUrl, keyPrefix: `other_${process.pid}_` });
    caches.push(other);
    await cache.setMany({ 'product:1': 1, 'product:2': 2, 'user:1': 3 });
    await other.set('product:9', 9);
    expect(await run('keys')).toMatchObject({ code: 0, stdout: 'product:1\nproduct:2\nuser:1\n' });
    expect(JSON.parse((await run('keys', 'product:*', '--json')).stdout)).toEqual(['product:1', 'product:2']);
    expect(await run('keys', 'order:*')).toMatchObject({ code: 0, stdout: '' });
    expect((await run('keys', 'order:*', '--json')).stdout).toBe('[]\n');
    await other.clear();
  });

  it('clear refuses without --yes (exit 2) and with it removes only keys under the prefix', async () => {
    const { cache, run } = app('RedisCache');
    const other = new Cache({ type: 'RedisCache', redisUrl, keyPrefix: `keep_${process.pid}_` });
    caches.push(other);
    await cache.setMany({ a: 1, b: 2 });
    await other.set('a', 'kept');
    const refused = await run('clear');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/add --yes/);
    expect(await cache.get('a')).toBe(1);
    expect((await run('clear', '--yes')).code).toBe(0);
    expect(await cache.getMany('a', 'b')).toEqual([undefined, undefined]);
    expect(await other.get('a')).toBe('kept');
    await other.clear();
  });

  it('stats reports the keys under the prefix, the memory and the server hit ratio', async () => {
    const { cache, prefix, run } = app('RedisCache');
    await cache.setMany({ a: 1, b: 2, c: 3 });
    await cache.get('a');
    await cache.get('nope');
    const stats = JSON.parse((await run('stats', '--json')).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({ backend: 'RedisCache', keyPrefix: prefix, keys: 3 });
    expect(stats['bytes']).toBeGreaterThan(0);
    expect(stats['hits']).toBeGreaterThan(0);
    expect(stats['misses']).toBeGreaterThan(0);
    expect(stats['hitRatio']).toBeCloseTo((stats['hits'] as number) / ((stats['hits'] as number) + (stats['misses'] as number)));
    const human = await run('stats');
    expect(human.stdout).toMatch(/keys {8}3\n/);
    expect(human.stdout).toMatch(/hit ratio {3}\d+\.\d% \(\d+ hits, \d+ misses, server-wide\)/);
  });

  it('flags win over the environment', async () => {
    const { cache, prefix } = app('RedisCache');
    await cache.set('k', 'from redis');
    const dead = `redis://${host}:${await freePort()}`;
    const env = { CACHE_REDIS_URL: dead, CACHE_KEY_PREFIX: 'wrong_', CACHE_MEMCACHED_SERVERS: memcached, CACHE_TYPE: 'MemcachedCache' };
    const result = await cli.run(['get', 'k', '--redis-url', redisUrl, '--key-prefix', prefix], env);
    expect(result).toMatchObject({ code: 0, stdout: '"from redis"\n' });
  });
});

describe('decocache on memcached', () => {
  it('get, set and delete work; keys is exit 2 because memcached cannot enumerate keys', async () => {
    const { cache, run } = app('MemcachedCache');
    expect((await run('set', 'k', '[1,2]')).code).toBe(0);
    expect(await cache.get('k')).toEqual([1, 2]);
    expect(await run('get', 'k', '--json')).toMatchObject({ code: 0, stdout: '{"key":"k","found":true,"value":[1,2]}\n' });
    expect((await run('delete', 'k')).code).toBe(0);
    expect((await run('delete', 'k')).code).toBe(1);
    const keys = await run('keys');
    expect(keys.code).toBe(2);
    expect(keys.stderr).toMatch(/^decocache: MemcachedCache cannot enumerate keys/);
  });

  it('stats reports memory and the server hit ratio; the key count is unknown', async () => {
    const { cache, run } = app('MemcachedCache');
    await cache.set('a', 1);
    await cache.get('a');
    const stats = JSON.parse((await run('stats', '--json')).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({ backend: 'MemcachedCache', keys: null });
    expect(stats['bytes']).toBeGreaterThan(0);
    expect(stats['hits']).toBeGreaterThan(0);
    expect(typeof stats['hitRatio']).toBe('number');
    expect((await run('stats')).stdout).toMatch(/keys {8}unknown\n/);
  });
});

describe('decocache on a FileSystemCache directory', () => {
  it('lists keys from the files and counts them in stats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decocache-cli-'));
    try {
      const cache = new Cache({ type: 'FileSystemCache', dir, keyPrefix: 'app_' });
      await cache.setMany({ 'a:1': 1, 'a:2': 2 });
      await new Cache({ type: 'FileSystemCache', dir, keyPrefix: 'else_' }).set('a:3', 3);
      expect(await cli.run(['keys', 'a:*', '--dir', dir, '--key-prefix', 'app_'])).toMatchObject({ code: 0, stdout: 'a:1\na:2\n' });
      const stats = JSON.parse((await cli.run(['stats', '--json'], { CACHE_DIR: dir, CACHE_KEY_PREFIX: 'app_' })).stdout) as Record<string, unknown>;
      expect(stats).toMatchObject({ backend: 'FileSystemCache', keys: 2, hitRatio: null });
      expect(stats['bytes']).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
