import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  Cache,
  SimpleBackend,
  cacheIdentity,
  functionVersionKey,
  instanceVersionKey,
  makeTemplateFragmentKey,
  runWithRequest,
  type MemoizedFunction,
} from '../../src/index.js';

const HASHES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
const b64 = (method: string, text: string) => createHash(method).update(text).digest('base64').slice(0, 16);
const BASE64 = /^[A-Za-z0-9+/]+$/;

describe('memoize keys', () => {
  it('plain function: prefix + 16 base64 chars of hash(fname + repr(args)) + 6-char version = 22 after the prefix', async () => {
    const backend = new SimpleBackend();
    const cache = new Cache({ type: backend, keyPrefix: 'pre_' });
    // The const has another name: esbuild would rename a same-named function expression.
    const memoized = cache.memoize()(async function lookup(a: number, b: string) {
      return `${a}${b}`;
    });
    await memoized(1, 'x');
    const key = await memoized.makeCacheKey(undefined, 1, 'x');
    expect(key).toHaveLength(22);
    expect(key).toMatch(BASE64);
    expect(key.slice(0, 16)).toBe(b64('sha256', 'lookup(1, "x")'));
    const version = await cache.get<string>(functionVersionKey('lookup'));
    expect(functionVersionKey('lookup')).toBe('lookup_memver');
    expect(version).toHaveLength(6);
    expect(key.slice(16)).toBe(version);
    expect(await backend.get(`pre_${key}`)).toBeDefined();
    expect(await backend.get('pre_lookup_memver')).toBeDefined();
  });

  it('instance method: 28 chars after the prefix, function version then instance version', async () => {
    const backend = new SimpleBackend();
    const cache = new Cache({ type: backend, keyPrefix: 'pre_' });
    class Klass {
      [cacheIdentity]() {
        return 'k1';
      }
      @cache.memoize()
      async m(n: number) {
        return n;
      }
    }
    const k = new Klass();
    await k.m(3);
    const key = await (Klass.prototype.m as MemoizedFunction<Klass, [number], number>).makeCacheKey(k, 3);
    expect(key).toHaveLength(28);
    expect(key.slice(0, 16)).toBe(b64('sha256', 'Klass.m("k1", 3)'));
    expect(instanceVersionKey('Klass.m', 'k1')).toBe('Klass.m.k1_memver');
    const [fv, iv] = await cache.getMany<string>('Klass.m_memver', 'Klass.m.k1_memver');
    expect(key.slice(16)).toBe(`${fv}${iv}`);
    expect(await backend.has('pre_Klass.m.k1_memver')).toBe(true);
  });

  it("static method: keyed by the class name, 22 chars (one version key)", async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    class Stat {
      @cache.memoize()
      static async m(n: number) {
        return n;
      }
    }
    await Stat.m(3);
    const key = await (Stat.m as MemoizedFunction<typeof Stat, [number], number>).makeCacheKey(Stat, 3);
    expect(key).toHaveLength(22);
    expect(key.slice(0, 16)).toBe(b64('sha256', 'Stat.m("Stat", 3)'));
    expect(await cache.has('Stat.m_memver')).toBe(true);
  });

  it("argsToIgnore ['this']: the instance counts as null and only the function version is used", async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    class Ignoring {
      @cache.memoize({ argsToIgnore: ['this'] })
      async m(n: number) {
        return n;
      }
    }
    const key = await (Ignoring.prototype.m as MemoizedFunction<Ignoring, [number], number>).makeCacheKey(new Ignoring(), 3);
    expect(key).toHaveLength(22);
    expect(key.slice(0, 16)).toBe(b64('sha256', 'Ignoring.m(null, 3)'));
  });

  it('version keys exist in the cache after a call: fname_memver and fname.identity_memver', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    class Versioned {
      [cacheIdentity]() {
        return 7;
      }
      @cache.memoize({ namespace: 'app' })
      async get(n: number) {
        return n;
      }
    }
    expect(await cache.has('app.Versioned.get_memver')).toBe(false);
    await new Versioned().get(1);
    expect(await cache.has('app.Versioned.get_memver')).toBe(true);
    expect(await cache.has('app.Versioned.get.7_memver')).toBe(true);
  });

  it('defaults are filled and trailing undefined dropped before hashing', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const f = cache.memoize()(async function withDefault(a: number, b = 0, c?: string) {
      return `${a}${b}${c}`;
    });
    const expected = b64('sha256', 'withDefault(1, 0)');
    expect((await f.makeCacheKey(undefined, 1)).slice(0, 16)).toBe(expected);
    expect((await f.makeCacheKey(undefined, 1, 0, undefined)).slice(0, 16)).toBe(expected);
  });

  it.each(HASHES)('hashMethod %s digests the same text', async (hashMethod) => {
    const cache = new Cache({ type: 'SimpleCache' });
    const f = cache.memoize({ hashMethod })(async function hashedKey(a: number) {
      return a;
    });
    expect((await f.makeCacheKey(undefined, 5)).slice(0, 16)).toBe(b64(hashMethod, 'hashedKey(5)'));
  });

  it.each(HASHES)('the cache hashMethod %s applies when the decorator gives none', async (hashMethod) => {
    const cache = new Cache({ type: 'SimpleCache', hashMethod });
    const f = cache.memoize()(async function configHashed(a: number) {
      return a;
    });
    expect((await f.makeCacheKey(undefined, 5)).slice(0, 16)).toBe(b64(hashMethod, 'configHashed(5)'));
  });

  it('a custom hash function gets the key text and returns the digest bytes', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const seen: string[] = [];
    const hashMethod = (text: string) => {
      seen.push(text);
      return createHash('sha1').update(`salt:${text}`).digest();
    };
    const f = cache.memoize({ hashMethod })(async function customHashed(a: number) {
      return a;
    });
    await f(5);
    expect(await f(5)).toBe(5);
    expect(seen).toContain('customHashed(5)');
    const expected = createHash('sha1').update('salt:customHashed(5)').digest('base64').slice(0, 16);
    expect((await f.makeCacheKey(undefined, 5)).slice(0, 16)).toBe(expected);
  });

  it('a custom hash function returning something other than bytes rejects with TypeError', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const f = cache.memoize({ hashMethod: (() => 'nope') as never })(async function badHash() {
      return 1;
    });
    await expect(f()).rejects.toThrow(TypeError);
  });
});

describe('cached (view) keys', () => {
  it('the Flask-verified query-string key for /works?b=2&a=1&a=0', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const works = cache.cached({ queryString: true })(async function works() {
      return 'works';
    });
    const key = await runWithRequest({ path: '/works', query: 'b=2&a=1&a=0' }, async () => {
      await works();
      return works.makeCacheKey(undefined);
    });
    expect(key).toBe('view//works7ae787dc38754b57763f4fbf68f991dd43e8f01c346ec39b529026e9dfa349e2');
    expect(await cache.get(key)).toBe('works');
  });

  it("no query string hashes Python's empty tuple ()", async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const works = cache.cached({ queryString: true })(async function emptyQuery() {
      return 1;
    });
    const key = await runWithRequest({ path: '/works' }, () => works.makeCacheKey(undefined));
    expect(key).toBe(`view//works${createHash('sha256').update('()').digest('hex')}`);
  });

  it("query values are quoted like Python's repr, switching quotes around an apostrophe", async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const works = cache.cached({ queryString: true })(async function quoted() {
      return 1;
    });
    const key = await runWithRequest({ path: '/q', query: "name=it's" }, () => works.makeCacheKey(undefined));
    expect(key).toBe(`view//q${createHash('sha256').update(`(('name', "it's"),)`).digest('hex')}`);
  });

  it.each(HASHES)('query-string keys use hashMethod %s', async (hashMethod) => {
    const cache = new Cache({ type: 'SimpleCache' });
    const works = cache.cached({ queryString: true, hashMethod })(async function hashedWorks() {
      return 1;
    });
    const key = await runWithRequest({ path: '/works', query: 'a=1&b=2' }, () => works.makeCacheKey(undefined));
    expect(key).toBe(`view//works${createHash(hashMethod).update("(('a', '1'), ('b', '2'))").digest('hex')}`);
  });

  it("the default view key is 'view/%s' with the path", async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const user = cache.cached()(async function userView() {
      return 1;
    });
    expect(await runWithRequest({ path: '/user/bob' }, () => user.makeCacheKey(undefined))).toBe('view//user/bob');
  });

  it('a function keyPrefix is called for the key', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const v = cache.cached({ keyPrefix: () => 'computed' })(async function computedKey() {
      return 1;
    });
    expect(await v.makeCacheKey(undefined)).toBe('computed');
  });
});

describe('makeTemplateFragmentKey', () => {
  it('builds _template_fragment_cache_<name>[_vary...]', () => {
    expect(makeTemplateFragmentKey('frag')).toBe('_template_fragment_cache_frag');
    expect(makeTemplateFragmentKey('frag', [])).toBe('_template_fragment_cache_frag');
    expect(makeTemplateFragmentKey('frag', ['a', 'b'])).toBe('_template_fragment_cache_frag_a_b');
    expect(makeTemplateFragmentKey('fragment1', ['key1'])).toBe('_template_fragment_cache_fragment1_key1');
    expect(makeTemplateFragmentKey('None1')).toBe('_template_fragment_cache_None1');
  });

  it('accepts what Flask accepts: a string varyOn is its characters, a null name is None', () => {
    // Python: make_template_fragment_key('side', 'abc') and make_template_fragment_key(None, ['a']).
    expect(makeTemplateFragmentKey('side', 'abc')).toBe('_template_fragment_cache_side_a_b_c');
    expect(makeTemplateFragmentKey(null)).toBe('_template_fragment_cache_None');
    expect(makeTemplateFragmentKey(null, ['a'])).toBe('_template_fragment_cache_None_a');
    expect(makeTemplateFragmentKey('n', '')).toBe('_template_fragment_cache_n');
    expect(makeTemplateFragmentKey('n', null)).toBe('_template_fragment_cache_n');
  });

  it('joins numbers, booleans and bigints; [cacheIdentity] objects by their repr, never equal to the bare string', () => {
    class User {
      constructor(readonly name: string) {}
      [cacheIdentity]() {
        return this.name;
      }
    }
    expect(makeTemplateFragmentKey('f', [1, true, 2n])).toBe('_template_fragment_cache_f_1_true_2');
    expect(makeTemplateFragmentKey('f', [new User('bob')])).toBe('_template_fragment_cache_f_<User "bob">');
    expect(makeTemplateFragmentKey('f', [new User('bob')])).not.toBe(makeTemplateFragmentKey('f', ['bob']));
  });

  it('undefined, null and plain objects are a TypeError naming the position, never [object Object]', () => {
    expect(() => makeTemplateFragmentKey('f', [undefined as never])).toThrow(/vary value 0 is undefined/);
    expect(() => makeTemplateFragmentKey('f', ['a', null as never])).toThrow(/vary value 1 is null/);
    expect(() => makeTemplateFragmentKey('f', [{ id: 1 } as never])).toThrow(TypeError);
    expect(() => makeTemplateFragmentKey({} as never)).toThrow(/fragment name/);
    expect(() => makeTemplateFragmentKey('f', 1 as never)).toThrow(/varyOn/);
  });
});
