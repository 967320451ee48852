import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Cache, type CacheConfig } from '../../src/index.js';
import { MemcachedCache } from '../../src/backends/memcached/index.js';

const quiet = { warn: (): void => {}, error: (): void => {} };
const dir = mkdtempSync(join(tmpdir(), 'decocache-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MAX = Number.MAX_SAFE_INTEGER;

function configs(): [string, CacheConfig][] {
  const { host, port } = inject('redis');
  const prefix = `limits_${process.pid}_${Date.now()}_`;
  return [
    ['SimpleCache', { type: 'SimpleCache' }],
    ['FileSystemCache', { type: 'FileSystemCache', dir }],
    ['RedisCache', { type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: prefix }],
    ['RedisClusterCache', { type: 'RedisClusterCache', redisCluster: inject('cluster'), keyPrefix: prefix }],
    ['MemcachedCache', { type: 'MemcachedCache', memcachedServers: inject('memcached'), keyPrefix: prefix }],
    ['KeyvCache', { type: 'KeyvCache' }],
  ];
}

describe.each(configs())('%s: limits are errors, never silent wrong values', (_name, config) => {
  const cache = new Cache({ ...config, logger: quiet });
  afterAll(() => cache.close());

  it('inc past 2^53 - 1 (either way) is a RangeError, and nothing is applied', async () => {
    await cache.set('top', MAX - 1);
    expect(await cache.inc('top')).toBe(MAX);
    await expect(cache.inc('top')).rejects.toBeInstanceOf(RangeError);
    await expect(cache.inc('top', 1000)).rejects.toBeInstanceOf(RangeError);
    expect(await cache.get('top')).toBe(MAX);
    expect(await cache.dec('top', 5)).toBe(MAX - 5);
  });

  it('a timeout no backend can hold (1e16 s) is a TypeError at the call, and nothing is stored', async () => {
    await expect(cache.set('t', 1, 1e16)).rejects.toBeInstanceOf(TypeError);
    await expect(cache.add('t', 1, 1e16)).rejects.toBeInstanceOf(TypeError);
    await expect(cache.setMany({ t: 1 }, 1e16)).rejects.toBeInstanceOf(TypeError);
    await expect(cache.touch('t', 1e16)).rejects.toBeInstanceOf(TypeError);
    expect(await cache.has('t')).toBe(false);
  });
});

describe('RedisCache: counters beyond 2^53 stored by other clients', () => {
  it('inc on an integer Redis holds beyond 2^53 - 1 is a RangeError and leaves it exact', async () => {
    const { host, port } = inject('redis');
    const raw = new Redis({ host, port });
    const cache = new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: `big_${process.pid}_`, logger: quiet });
    try {
      await raw.set(`big_${process.pid}_n`, '9007199254740993');
      await expect(cache.inc('n', -10)).rejects.toBeInstanceOf(RangeError);
      expect(await raw.get(`big_${process.pid}_n`)).toBe('9007199254740993');
      await raw.set(`big_${process.pid}_m`, '-9007199254740991');
      await expect(cache.dec('m')).rejects.toBeInstanceOf(RangeError);
      expect(await raw.get(`big_${process.pid}_m`)).toBe('-9007199254740991');
    } finally {
      await raw.del(`big_${process.pid}_n`, `big_${process.pid}_m`);
      raw.disconnect();
      await cache.close();
    }
  });
});

/** The remaining ttl memcached reports for a key (meta get), in seconds; -1 = never expires. */
function memcachedTtl(servers: string, key: string): Promise<number> {
  const [host, port] = servers.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), host);
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (!reply.endsWith('\r\n')) return;
      socket.destroy();
      const ttl = / t(-?\d+)/.exec(reply);
      if (ttl) resolve(Number(ttl[1]));
      else reject(new Error(`no ttl in ${JSON.stringify(reply)}`));
    });
    socket.on('error', reject);
    socket.write(`mg ${key} t\r\n`);
  });
}

describe('MemcachedCache timeouts and the 30-day rule', () => {
  const servers = inject('memcached');
  const backend = new MemcachedCache({ servers, keyPrefix: '' });
  afterAll(() => backend.close());
  const DAY = 24 * 60 * 60;

  it.each([
    ['29 days (sent as relative seconds)', 29 * DAY],
    ['exactly 30 days (still relative)', 30 * DAY],
    ['31 days (sent as an absolute unix time)', 31 * DAY],
    ['50 years', 50 * 365 * DAY],
  ])('a timeout of %s is kept for that long', async (_name, ttl) => {
    const key = `ttl_rule_${process.pid}_${ttl}`;
    expect(await backend.set(key, 'v', ttl)).toBe(true);
    expect(await backend.get(key)).toBe('v');
    const left = await memcachedTtl(servers, key);
    expect(left).toBeGreaterThan(ttl - 5);
    expect(left).toBeLessThanOrEqual(ttl + 2); // memcached's clock ticks once a second
  });

  it('2^32 seconds is refused: a TypeError from the Cache, a RangeError from the backend, never a wrap to an instant miss', async () => {
    const cache = new Cache({ type: backend, logger: quiet });
    await expect(cache.set('wrap', 'v', 2 ** 32)).rejects.toBeInstanceOf(TypeError);
    await expect(backend.set(`wrap_${process.pid}`, 'v', 2 ** 32)).rejects.toBeInstanceOf(RangeError);
    expect(backend.maxTtl).toBeGreaterThan(80 * 365 * DAY - 2 * 365 * DAY);
  });
});
