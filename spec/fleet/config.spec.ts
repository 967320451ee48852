import { describe, expect, inject, it } from 'vitest';
import { Cache, SimpleBackend } from '../../src/index.js';
import { TwoTierBackend } from '../../src/fleet/two-tier.js';
import { cli, removeDir, tempDir } from '../helpers/servers/process.js';
import { waitFor } from '../helpers/fleet-cache.js';

const quiet = { warn: () => {}, error: () => {} };

describe('local and bus in the config', () => {
  it('reject malformed values with a TypeError naming the field', () => {
    expect(() => new Cache({ type: 'RedisCache', local: { maxEntries: 0 } })).toThrow(/local\.maxEntries must be an integer > 0/);
    expect(() => new Cache({ type: 'RedisCache', local: { maxBytes: 1.5 } })).toThrow(/local\.maxBytes must be an integer > 0/);
    expect(() => new Cache({ type: 'RedisCache', local: { ttl: -1 } })).toThrow(/local\.ttl must be a number of seconds > 0/);
    expect(() => new Cache({ type: 'RedisCache', local: { size: 1 } as never })).toThrow(/unknown field "local\.size"/);
    expect(() => new Cache({ type: 'RedisCache', local: 5 as never })).toThrow(/local must be an object/);
    expect(() => new Cache({ type: 'RedisCache', local: {}, bus: 'yes' as never })).toThrow(/bus must be true, false, or \{ redisUrl/);
    expect(() => new Cache({ type: 'RedisCache', local: {}, bus: { redisUrl: 'http://x' } })).toThrow(/bus must be/);
  });

  it('bus without local is a TypeError', () => {
    expect(() => new Cache({ type: 'RedisCache', bus: true })).toThrow(/bus needs local/);
    expect(() => new Cache({ type: 'RedisCache', bus: false })).not.toThrow();
  });

  it('local over an in-process backend is a TypeError, whether named or passed in', () => {
    expect(() => new Cache({ local: { ttl: 5 } })).toThrow(/local needs a shared backend; SimpleCache/);
    expect(() => new Cache({ type: 'NullCache', local: { ttl: 5 } })).toThrow(/local needs a shared backend/);
    expect(() => new Cache({ type: new SimpleBackend(), local: { ttl: 5 } })).toThrow(/local needs a shared backend/);
  });

  it('local without a bus needs local.ttl; bus: true needs a Redis backend', () => {
    expect(() => new Cache({ type: 'MemcachedCache', local: { maxEntries: 10 } })).toThrow(/local\.ttl is required without a bus \(over MemcachedCache\)/);
    expect(() => new Cache({ type: 'RedisCache', local: {}, bus: false })).toThrow(/local\.ttl is required without a bus/);
    expect(() => new Cache({ type: 'KeyvCache', local: { ttl: 5 }, bus: true })).toThrow(/bus: true needs a Redis backend; with KeyvCache, pass bus: \{ redisUrl/);
    expect(() => new Cache({ type: 'MemcachedCache', local: { ttl: 5 } })).not.toThrow();
    expect(() => new Cache({ type: 'MemcachedCache', local: {}, bus: { redisUrl: 'redis://127.0.0.1:1' } })).not.toThrow();
  });

  it('with a Redis backend the bus defaults to on, and local.ttl to 60 s', async () => {
    const { host, port } = inject('redis');
    const cache = new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, local: {}, logger: quiet });
    const tier = await cache.backend();
    expect(tier).toBeInstanceOf(TwoTierBackend);
    expect((tier as TwoTierBackend).bus).toBeDefined();
    expect((tier as TwoTierBackend).local.bounds).toEqual({ maxEntries: 10_000, maxBytes: Infinity, ttlMs: 60_000 });
    await cache.close();
  });

  it('close() closes the bus connections the cache opened, and a backend passed in stays open', async () => {
    const dir = tempDir('decocache-fleet-cfg-');
    const { host, port } = inject('redis');
    const { FileSystemCache } = await import('../../src/index.js');
    const shared = new FileSystemCache({ dir });
    let closed = false;
    shared.close = async () => {
      closed = true;
    };
    const prefix = `cfg_close_${process.pid}_`;
    const busClients = async () => (await cli(port, 'client', 'list')).split('\n').filter((line) => line.includes(`name=decocache-bus-`) && line.includes(prefix)).length;
    const cache = new Cache({ type: shared, keyPrefix: prefix, local: { ttl: 5 }, bus: { redisUrl: `redis://${host}:${port}` }, logger: quiet });
    const tier = (await cache.backend()) as TwoTierBackend;
    await waitFor('the bus', () => tier.trusted);
    await cache.set('x', 1);
    expect(await busClients()).toBe(2);
    await cache.close();
    expect(closed).toBe(false);
    await waitFor('both bus connections to close', async () => (await busClients()) === 0);
    removeDir(dir);
  });
});
