import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Cache, type CacheConfig } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'decocache-nested-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recording(config: CacheConfig): { cache: Cache; warnings: string[] } {
  const warnings: string[] = [];
  const cache = new Cache({ ...config, logger: { warn: (m: string) => void warnings.push(m), error: () => {} } });
  return { cache, warnings };
}

describe('nested key prefixes (Flask semantics, with a warning)', () => {
  it('two FileSystem caches prefixed "a_" and "a_b_" warn once, and a_\'s clear() does remove a_b_\'s keys', async () => {
    const outer = recording({ type: 'FileSystemCache', dir, keyPrefix: 'a_' });
    const inner = recording({ type: 'FileSystemCache', dir, keyPrefix: 'a_b_' });
    const again = recording({ type: 'FileSystemCache', dir, keyPrefix: 'a_b_' });
    await Promise.all([outer, inner, again].map((c) => c.cache.backend()));
    const warnings = [...outer.warnings, ...inner.warnings, ...again.warnings];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/nested key prefixes "a_" and "a_b_"/);
    await inner.cache.set('k', 1);
    await outer.cache.clear();
    expect(await inner.cache.get('k')).toBeUndefined();
  });

  it('a Redis cache warns when its default prefix nests with another cache\'s on Redis', async () => {
    const { host, port } = inject('redis');
    const first = recording({ type: 'RedisCache', redisHost: host, redisPort: port });
    const second = recording({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: 'decocache_sessions_' });
    await Promise.all([first.cache.backend(), second.cache.backend()]);
    expect([...first.warnings, ...second.warnings].join('\n')).toMatch(/"decocache_" and "decocache_sessions_"/);
    await Promise.all([first.cache.close(), second.cache.close()]);
  });

  it('prefixes that do not nest, memcached (which keeps prefixes apart), in-process caches and closed caches never warn', async () => {
    const caches = [
      recording({ type: 'FileSystemCache', dir, keyPrefix: 'x_' }),
      recording({ type: 'FileSystemCache', dir, keyPrefix: 'y_x_' }),
      recording({ type: 'SimpleCache', keyPrefix: 'm_' }),
      recording({ type: 'SimpleCache', keyPrefix: 'm_n_' }),
      recording({ type: 'MemcachedCache', memcachedServers: inject('memcached'), keyPrefix: 'mc_' }),
      recording({ type: 'MemcachedCache', memcachedServers: inject('memcached'), keyPrefix: 'mc_d_' }),
    ];
    const closed = recording({ type: 'FileSystemCache', dir, keyPrefix: 'z_' });
    await closed.cache.close();
    caches.push(recording({ type: 'FileSystemCache', dir, keyPrefix: 'z_z_' }));
    await Promise.all(caches.map((c) => c.cache.backend()));
    expect(caches.flatMap((c) => c.warnings)).toEqual([]);
    await Promise.all(caches.map((c) => c.cache.close()));
  });
});
