import { describe, expect, it, vi } from 'vitest';
import { Cache, NullCache, getDefaultCache, setDefaultCache } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('configuration: init(), side by side, fromEnv, default cache', () => {
  it('init() configures a cache made earlier, and decorators applied before it follow (Flask init_app)', async () => {
    const later = new Cache();
    let runs = 0;
    const f = later.memoize()(async function beforeInit(a: number) {
      return a + ++runs;
    });
    expect(later.init({ type: 'SimpleCache', threshold: 1000, keyPrefix: 'l_' })).toBe(later);
    expect(later.config.threshold).toBe(1000);
    expect(later.keyPrefix).toBe('l_');
    expect(await f(1)).toBe(2);
    expect(await f(1)).toBe(2);
    expect(await later.has('beforeInit_memver')).toBe(true);
  });

  it('init() config wins over the constructor config and merges with it (test_dict_config_both)', async () => {
    const cache = new Cache({ type: 'NullCache', defaultTimeout: 10 });
    cache.init({ type: 'SimpleCache' });
    expect(cache.config).toMatchObject({ type: 'SimpleCache', defaultTimeout: 10 });
    expect(cache.defaultTimeout).toBe(10);
    expect((await cache.backend()).name).toBe('SimpleCache');
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
  });

  it('several caches side by side keep separate entries', async () => {
    const one = fresh();
    const two = fresh({ type: 'SimpleCache', defaultTimeout: 5 });
    await one.set('k', 'one');
    await two.set('k', 'two');
    expect(await one.get('k')).toBe('one');
    expect(await two.get('k')).toBe('two');
    await one.clear();
    expect(await two.get('k')).toBe('two');
  });

  it('keyPrefix defaults to empty for in-process backends', () => {
    expect(fresh().keyPrefix).toBe('');
    expect(fresh({ keyPrefix: 'x_' }).keyPrefix).toBe('x_');
  });

  it('fromEnv with nothing set is a SimpleCache', async () => {
    const cache = Cache.fromEnv({});
    expect(cache.config.type).toBe('SimpleCache');
    expect((await cache.backend()).name).toBe('SimpleCache');
  });

  it('fromEnv maps CACHE_* variables', async () => {
    const cache = Cache.fromEnv({
      CACHE_TYPE: 'SimpleCache',
      CACHE_DEFAULT_TIMEOUT: '60',
      CACHE_KEY_PREFIX: 'env_',
      CACHE_THRESHOLD: '10',
      CACHE_IGNORE_ERRORS: 'true',
      CACHE_SOURCE_CHECK: '1',
    });
    expect(cache.config).toMatchObject({ type: 'SimpleCache', defaultTimeout: 60, keyPrefix: 'env_', threshold: 10, ignoreErrors: true, sourceCheck: true });
    expect(cache.defaultTimeout).toBe(60);
    expect(cache.keyPrefix).toBe('env_');
  });

  it('fromEnv maps CACHE_REDIS_* without connecting at construction', async () => {
    const cache = Cache.fromEnv({ CACHE_REDIS_HOST: '127.0.0.1', CACHE_REDIS_PORT: '1', CACHE_REDIS_DB: '2', CACHE_REDIS_PASSWORD: 'pw' });
    expect(cache.config).toMatchObject({ type: 'RedisCache', redisHost: '127.0.0.1', redisPort: 1, redisDb: 2, redisPassword: 'pw' });
    await cache.close();
    const url = Cache.fromEnv({ CACHE_REDIS_URL: 'redis://127.0.0.1:1/3' });
    expect(url.config).toMatchObject({ type: 'RedisCache', redisUrl: 'redis://127.0.0.1:1/3' });
    await url.close();
  });

  it('fromEnv maps MEMCACHIER_* to SASLMemcachedCache', async () => {
    const cache = Cache.fromEnv({ MEMCACHIER_SERVERS: '127.0.0.1:1', MEMCACHIER_USERNAME: 'user', MEMCACHIER_PASSWORD: 'secret' });
    expect(cache.config).toMatchObject({
      type: 'SASLMemcachedCache',
      memcachedServers: '127.0.0.1:1',
      memcachedUsername: 'user',
      memcachedPassword: 'secret',
    });
    await cache.close();
  });

  it('fromEnv rejects a non-numeric timeout with a TypeError naming the variable', () => {
    expect(() => Cache.fromEnv({ CACHE_DEFAULT_TIMEOUT: 'soon' })).toThrow(/CACHE_DEFAULT_TIMEOUT/);
  });

  it('fromEnv overrides win over the environment', () => {
    const cache = Cache.fromEnv({ CACHE_TYPE: 'SimpleCache', CACHE_DEFAULT_TIMEOUT: '60' }, { defaultTimeout: 5 });
    expect(cache.defaultTimeout).toBe(5);
  });

  it('the first Cache constructed is the default; setDefaultCache replaces it', async () => {
    vi.resetModules();
    const mod = await import('../../src/index.js');
    const first = new mod.Cache({ type: 'SimpleCache' });
    const second = new mod.Cache({ type: 'SimpleCache' });
    expect(mod.getDefaultCache()).toBe(first);
    mod.setDefaultCache(second);
    expect(mod.getDefaultCache()).toBe(second);
    let runs = 0;
    class Defaulted {
      @mod.Memoize()
      static async f(a: number) {
        return a + ++runs;
      }
    }
    await Defaulted.f(1);
    expect(await second.has('Defaulted.f_memver')).toBe(true);
    expect(await first.has('Defaulted.f_memver')).toBe(false);
  });

  it('with no Cache constructed, the default is a fresh SimpleCache', async () => {
    vi.resetModules();
    const mod = await import('../../src/index.js');
    const cache = mod.getDefaultCache();
    expect(cache).toBeInstanceOf(mod.Cache);
    expect((await cache.backend()).name).toBe('SimpleCache');
    expect(mod.getDefaultCache()).toBe(cache);
  });

  it('setDefaultCache is what @Memoize without a cache option uses', async () => {
    const cache = fresh();
    setDefaultCache(cache);
    expect(getDefaultCache()).toBe(cache);
  });
});
