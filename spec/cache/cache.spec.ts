import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendError, Cache, NotAnIntegerError, NullCache, SimpleBackend, getDefaultCache, setDefaultCache } from '../../src/index.js';

const fresh = (config: ConstructorParameters<typeof Cache>[0] = {}) => new Cache({ type: 'SimpleCache', ...config });
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('proxy methods (test_cache.py, GenericCacheTests on SimpleCache)', () => {
  it('set then get returns the value; a missing key is undefined (test_cache_set)', async () => {
    const cache = fresh();
    expect(await cache.set('hi', 'hello')).toBe(true);
    expect(await cache.get('hi')).toBe('hello');
    expect(await cache.get('nope')).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(await cache.set(String(i), i * i)).toBe(true);
    for (let i = 0; i < 3; i++) expect(await cache.get(String(i))).toBe(i * i);
  });

  it('values round-trip with their types (test_generic_get_set, test_generic_true_false, test_generic_get_bytes)', async () => {
    const cache = fresh();
    await cache.set('list', ['bar']);
    await cache.set('t', true);
    await cache.set('f', false);
    await cache.set('bytes', Buffer.from('bar'));
    expect(await cache.get('list')).toEqual(['bar']);
    expect(await cache.get('t')).toBe(true);
    expect(await cache.get('f')).toBe(false);
    expect(await cache.get('bytes')).toEqual(Buffer.from('bar'));
  });

  it('stores a copy: later changes to the caller\'s object do not reach the cache', async () => {
    const cache = fresh();
    const value = { n: 1 };
    await cache.set('obj', value);
    value.n = 2;
    expect(await cache.get('obj')).toEqual({ n: 1 });
  });

  it('has() is false for missing keys, true after set, false after delete (test_generic_has)', async () => {
    const cache = fresh();
    expect(await cache.has('foo')).toBe(false);
    await cache.add('foo', 'bar');
    expect(await cache.has('foo')).toBe(true);
    await cache.delete('foo');
    expect(await cache.has('foo')).toBe(false);
  });

  it('add() stores only when absent and never overwrites (test_cache_add)', async () => {
    const cache = fresh();
    expect(await cache.add('hi', 'hello')).toBe(true);
    expect(await cache.add('hi', 'foobar')).toBe(false);
    expect(await cache.get('hi')).toBe('hello');
  });

  it('delete() resolves whether the key existed (test_cache_delete)', async () => {
    const cache = fresh();
    await cache.set('hi', 'hello');
    expect(await cache.delete('hi')).toBe(true);
    expect(await cache.get('hi')).toBeUndefined();
    expect(await cache.delete('hi')).toBe(false);
  });

  it('deleteMany() counts a missing key as deleted and still deletes the rest (test_cache_delete_many)', async () => {
    const cache = fresh();
    await cache.set('hi', 'hello');
    expect(await cache.deleteMany('ho', 'hi')).toEqual(['ho', 'hi']);
    expect(await cache.get('hi')).toBeUndefined();
  });

  it('deleteMany() rejects with BackendError naming keys that stayed, unless ignoreErrors (test_cache_delete_many_ignored)', async () => {
    class Stubborn extends SimpleBackend {
      override async deleteMany(keys: readonly string[]): Promise<string[]> {
        await super.deleteMany(keys.filter((k) => !k.endsWith('keep')));
        return keys.filter((k) => !k.endsWith('keep'));
      }
    }
    const strict = fresh({ type: new Stubborn() });
    await strict.set('a', 1);
    await strict.set('keep', 2);
    await expect(strict.deleteMany('a', 'keep')).rejects.toSatisfy((e) => e instanceof BackendError && /keep/.test(e.message));
    expect(await strict.get('a')).toBeUndefined();
    const lenient = fresh({ type: new Stubborn(), ignoreErrors: true });
    await lenient.set('a', 1);
    await lenient.set('keep', 2);
    expect(await lenient.deleteMany('a', 'keep')).toEqual(['a']);
  });

  it('unlink() falls back to deleteMany on backends without UNLINK (test_cache_unlink_if_not)', async () => {
    const cache = fresh();
    await cache.set('biggerkey', 'test');
    await cache.set('biggerkey1', 'test');
    await cache.set('stays', 'test');
    expect(await cache.unlink('biggerkey', 'biggerkey1')).toEqual(['biggerkey', 'biggerkey1']);
    expect(await cache.has('biggerkey')).toBe(false);
    expect(await cache.has('biggerkey1')).toBe(false);
    expect(await cache.has('stays')).toBe(true);
  });

  it('getMany() returns values in key order, undefined for misses (test_generic_get_many)', async () => {
    const cache = fresh();
    await cache.set('foo', ['bar']);
    await cache.set('spam', 'eggs');
    expect(await cache.getMany('foo', 'missing', 'spam')).toEqual([['bar'], undefined, 'eggs']);
  });

  it('getDict() returns { key: value } (test_generic_get_dict)', async () => {
    const cache = fresh();
    await cache.set('a', 'a');
    await cache.set('b', 'b');
    expect(await cache.getDict('a', 'b', 'c')).toEqual({ a: 'a', b: 'b', c: undefined });
  });

  it('setMany() takes a record, a Map or pairs and resolves the keys stored (test_generic_set_many)', async () => {
    const cache = fresh({ keyPrefix: 'p_' });
    expect(await cache.setMany({ foo: 'bar', spam: ['eggs'] })).toEqual(['foo', 'spam']);
    expect(await cache.setMany(new Map<string, unknown>([['m1', 1], ['m2', { x: 2 }]]))).toEqual(['m1', 'm2']);
    expect(await cache.setMany([['p1', true], ['p2', null]])).toEqual(['p1', 'p2']);
    expect(await cache.getMany('foo', 'spam', 'm1', 'm2', 'p1', 'p2')).toEqual(['bar', ['eggs'], 1, { x: 2 }, true, null]);
  });

  it('inc() and dec() work on stored integers and resolve the new value (test_generic_inc_dec)', async () => {
    const cache = fresh();
    await cache.set('foo', 1);
    expect(await cache.inc('foo')).toBe(2);
    expect(await cache.get('foo')).toBe(2);
    expect(await cache.dec('foo')).toBe(1);
    expect(await cache.get('foo')).toBe(1);
    expect(await cache.inc('foo', 10)).toBe(11);
    expect(await cache.dec('foo', 20)).toBe(-9);
    expect(await cache.inc('fresh')).toBe(1);
    expect(await cache.dec('fresh2', 3)).toBe(-3);
    expect(await cache.delete('foo')).toBe(true);
  });

  it('inc() on a value that is not an integer rejects with NotAnIntegerError; a fractional delta is a TypeError', async () => {
    const cache = fresh();
    await cache.set('text', 'abc');
    await cache.set('float', 1.5);
    await expect(cache.inc('text')).rejects.toBeInstanceOf(NotAnIntegerError);
    await expect(cache.inc('float')).rejects.toBeInstanceOf(NotAnIntegerError);
    await expect(cache.inc('x', 1.5)).rejects.toThrow(TypeError);
  });

  it('deletePattern() deletes the matching keys of this cache only', async () => {
    const backend = new SimpleBackend();
    const a = fresh({ type: backend, keyPrefix: 'a_' });
    const b = fresh({ type: backend, keyPrefix: 'b_' });
    await a.setMany({ product_1: 1, product_2: 2, user_1: 3 });
    await b.set('product_1', 4);
    expect(await a.deletePattern('product_*')).toBe(2);
    expect(await a.has('user_1')).toBe(true);
    expect(await b.get('product_1')).toBe(4);
  });

  it('clear() removes only this cache\'s prefix when two caches share one backend', async () => {
    const backend = new SimpleBackend();
    const a = fresh({ type: backend, keyPrefix: 'a_' });
    const b = fresh({ type: backend, keyPrefix: 'b_' });
    await a.set('k', 'from a');
    await b.set('k', 'from b');
    expect(await a.get('k')).toBe('from a');
    expect(await a.clear()).toBe(true);
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBe('from b');
    expect(backend.size).toBe(1);
  });

  it("calls made before an async backend is ready use that backend's default key prefix", async () => {
    const backend = Object.assign(new SimpleBackend(), { defaultKeyPrefix: 'dp_' });
    const cache = fresh({ type: async () => backend });
    const early = [cache.set('k', 1), cache.setMany({ m: 2 }), cache.add('a', 3)];
    expect(await Promise.all(early)).toEqual([true, ['m'], true]);
    expect(cache.keyPrefix).toBe('dp_');
    expect(await backend.get('k')).toBeUndefined();
    expect(await backend.getMany(['dp_k', 'dp_m', 'dp_a'])).toEqual(['1', '2', '3']);
    const later = fresh({ type: async () => backend });
    expect(await later.get('k')).toBe(1);
    expect(await later.deleteMany('k', 'm')).toEqual(['k', 'm']);
    await backend.set('foreign', 'x', 0);
    const clearing = fresh({ type: async () => backend });
    expect(await clearing.clear()).toBe(true);
    expect(backend.size).toBe(1);
  });

  it('the same memoized name in two caches on one backend keeps separate entries and versions', async () => {
    const backend = new SimpleBackend();
    const a = fresh({ type: backend, keyPrefix: 'a_' });
    const b = fresh({ type: backend, keyPrefix: 'b_' });
    let runs = 0;
    const fa = a.memoize()(async function sharedName(x: number) {
      return `a${x}:${++runs}`;
    });
    const fb = b.memoize()(async function sharedName(x: number) {
      return `b${x}:${++runs}`;
    });
    expect(await fa(1)).toBe('a1:1');
    expect(await fb(1)).toBe('b1:2');
    await a.deleteMemoized(fa);
    expect(await fb(1)).toBe('b1:2');
    expect(await fa(1)).toBe('a1:3');
  });
});

describe('timeouts (test_generic_timeout, test_purge)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('timeout 0 never expires; a positive timeout does; undefined means defaultTimeout', async () => {
    const cache = fresh({ defaultTimeout: 2 });
    await cache.set('forever', 1, 0);
    await cache.set('short', 1, 1);
    await cache.set('default', 1);
    advance(1.5);
    expect(await cache.has('short')).toBe(false);
    expect(await cache.has('default')).toBe(true);
    advance(1);
    expect(await cache.has('default')).toBe(false);
    advance(10 * 365 * 24 * 3600);
    expect(await cache.get('forever')).toBe(1);
  });

  it('touch() lengthens but never shortens', async () => {
    const cache = fresh();
    await cache.set('k', 1, 10);
    expect(await cache.touch('k', 100)).toBe(true);
    advance(50);
    expect(await cache.touch('k', 1)).toBe(true);
    advance(5);
    expect(await cache.has('k')).toBe(true);
    expect(await cache.touch('missing', 5)).toBe(false);
  });

  it('SimpleCache prunes before insert, so threshold 2 holds 3 entries after four sets', async () => {
    const backend = new SimpleBackend({ threshold: 2 });
    const cache = fresh({ type: backend });
    for (const k of ['a', 'b', 'c', 'd']) await cache.set(k, k);
    expect(backend.size).toBe(3);
  });

  it('the threshold option reaches SimpleCache', () => {
    const cache = fresh({ threshold: 7 });
    expect(cache.config.threshold).toBe(7);
    return cache.backend().then((b) => expect((b as SimpleBackend).threshold).toBe(7));
  });
});

describe('validation: TypeErrors that name the field', () => {
  it('rejects bad config fields at construction, before anything connects', () => {
    expect(() => new Cache({ type: 'Bogus' as never })).toThrow(/type/);
    expect(() => new Cache({ defaultTimeout: -1 })).toThrow(/defaultTimeout/);
    expect(() => new Cache({ defaultTimeout: Number.NaN })).toThrow(/defaultTimeout/);
    expect(() => new Cache({ defaultTimeout: '300' as never })).toThrow(/defaultTimeout/);
    expect(() => new Cache({ keyPrefix: 1 as never })).toThrow(/keyPrefix/);
    expect(() => new Cache({ threshold: -1 })).toThrow(/threshold/);
    expect(() => new Cache({ hashMethod: 'sha3' as never })).toThrow(/hashMethod/);
    expect(() => new Cache({ serializer: 'json' as never })).toThrow(/serializer/);
    expect(() => new Cache({ operationTimeout: 0 })).toThrow(/operationTimeout/);
    expect(() => new Cache({ logger: {} as never })).toThrow(/logger/);
    expect(() => new Cache({ type: 'RedisCache', redisPort: 70000 })).toThrow(/redisPort/);
    expect(() => new Cache({ type: 'RedisCache', redisUrl: 'http://localhost' })).toThrow(/redisUrl/);
    expect(() => new Cache({ ignoreErrors: 'yes' as never })).toThrow(/ignoreErrors/);
    expect(() => new Cache({ bogus: 1 } as never)).toThrow(/unknown field "bogus"/);
    expect(() => new Cache('SimpleCache' as never)).toThrow(TypeError);
  });

  it('init() validates too', () => {
    expect(() => new Cache().init({ defaultTimeout: -5 })).toThrow(/defaultTimeout/);
  });

  it('proxy calls reject non-string keys and bad timeouts with TypeError', async () => {
    const cache = fresh();
    await expect(cache.get(1 as never)).rejects.toThrow(/keys must be strings/);
    await expect(cache.set({} as never, 1)).rejects.toThrow(TypeError);
    await expect(cache.getMany('a', 2 as never)).rejects.toThrow(TypeError);
    await expect(cache.set('k', 1, -1)).rejects.toThrow(/timeout/);
    await expect(cache.set('k', 1, Number.NaN)).rejects.toThrow(/timeout/);
    await expect(cache.add('k', 1, '5' as never)).rejects.toThrow(/timeout/);
    expect(await cache.has('k')).toBe(false);
  });

  it('values that cannot be stored reject with TypeError', async () => {
    const cache = fresh();
    const loop: Record<string, unknown> = {};
    loop['loop'] = loop;
    await expect(cache.set('fn', () => 1)).rejects.toThrow(TypeError);
    await expect(cache.set('loop', loop)).rejects.toThrow(TypeError);
  });
});

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

describe('NullCache (TestNullCache)', () => {
  it('stores nothing: get misses, has is false, writes report success', async () => {
    const cache = new Cache({ type: 'NullCache' });
    expect(await cache.set('foo', 'bar')).toBe(true);
    expect(await cache.get('foo')).toBeUndefined();
    expect(await cache.has('foo')).toBe(false);
    expect(await cache.add('foo', 'bar')).toBe(true);
    expect(await cache.getMany('a', 'b')).toEqual([undefined, undefined]);
    expect(await cache.clear()).toBe(true);
  });

  it('a memoized function runs on every call', async () => {
    const cache = new Cache({ type: new NullCache() });
    let runs = 0;
    const f = cache.memoize()(async function nullMemo() {
      return ++runs;
    });
    await f();
    await f();
    expect(runs).toBe(2);
  });
});

describe('decorators go through the public proxy methods (test_subclassing.py)', () => {
  class RecordingCache extends Cache {
    calls: string[] = [];
    override get<T>(key: string) {
      this.calls.push('get');
      return super.get<T>(key);
    }
    override getMany<T>(...keys: string[]) {
      this.calls.push('getMany');
      return super.getMany<T>(...keys);
    }
    override set(key: string, value: unknown, timeout?: number) {
      this.calls.push('set');
      return super.set(key, value, timeout);
    }
    override add(key: string, value: unknown, timeout?: number) {
      this.calls.push('add');
      return super.add(key, value, timeout);
    }
    override has(key: string) {
      this.calls.push('has');
      return super.has(key);
    }
    override delete(key: string) {
      this.calls.push('delete');
      return super.delete(key);
    }
    override deleteMany(...keys: string[]) {
      this.calls.push('deleteMany');
      return super.deleteMany(...keys);
    }
    override touch(key: string, timeout?: number) {
      this.calls.push('touch');
      return super.touch(key, timeout);
    }
  }

  it('cached: a miss calls get then set; a hit calls get (test_cached_uses_public_methods)', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    const view = cache.cached({ keyPrefix: 'rec' })(async function recView() {
      return 'x';
    });
    await view();
    expect(cache.calls).toEqual(['get', 'set']);
    cache.calls = [];
    await view();
    expect(cache.calls).toEqual(['get']);
  });

  it('cached with cacheNone: a miss calls get, has, set (test_cached_cache_none_uses_public_has)', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    const view = cache.cached({ keyPrefix: 'recNone', cacheNone: true })(async function recNone() {
      return null;
    });
    await view();
    expect(cache.calls).toEqual(['get', 'has', 'set']);
  });

  it('memoize: a hit is one getMany of versions and entry (test_memoize_uses_public_methods)', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    let runs = 0;
    const f = cache.memoize()(async function recMemo(a: number) {
      return a + ++runs;
    });
    await f(1);
    expect(cache.calls[0]).toBe('getMany');
    expect(cache.calls).toContain('set');
    cache.calls = [];
    expect(await f(1)).toBe(2);
    expect(cache.calls).toEqual(['getMany']);
    expect(runs).toBe(1);
  });

  it('deleteMemoized(fn, ...args) uses delete, deleteMemoized(fn) set, deleteMemoizedVerhash deleteMany', async () => {
    const cache = new RecordingCache({ type: 'SimpleCache' });
    const f = cache.memoize()(async function recDelete(a: number, b: number) {
      return a + b;
    });
    await f(5, 2);
    cache.calls = [];
    await cache.deleteMemoized(f, 5, 2);
    expect(cache.calls).toContain('delete');
    cache.calls = [];
    await cache.deleteMemoized(f);
    expect(cache.calls).toEqual(['set']);
    cache.calls = [];
    await cache.deleteMemoizedVerhash(f);
    expect(cache.calls).toEqual(['deleteMany']);
  });
});
