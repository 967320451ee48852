import 'reflect-metadata';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache, Memoize, SimpleBackend, cacheIdentity, functionVersionKey, setDefaultCache, type CacheEvent, type MemoizedFunction } from '../../src/index.js';

const fresh = (config: ConstructorParameters<typeof Cache>[0] = {}) => new Cache({ type: 'SimpleCache', ...config });

/** Moves the fake clock (SimpleCache reads Date.now()) by `seconds`. */
const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

describe('memoize: hits, misses and expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a repeat call from the cache until the timeout, per argument list (test_memoize)', async () => {
    const cache = fresh();
    let calls = 0;
    const bigFoo = cache.memoize({ timeout: 3 })(async function bigFoo(a: number, b: number) {
      calls++;
      return a + b + Math.random();
    });
    const first = await bigFoo(5, 2);
    advance(1);
    expect(await bigFoo(5, 2)).toBe(first);
    const other = await bigFoo(5, 3);
    expect(other).not.toBe(first);
    expect(calls).toBe(2);
    advance(3);
    expect(await bigFoo(5, 2)).not.toBe(first);
    expect(await bigFoo(5, 3)).not.toBe(other);
    expect(calls).toBe(4);
  });

  it('uses the cache defaultTimeout when no timeout is given (test_memoize_timeout)', async () => {
    const cache = fresh({ defaultTimeout: 1 });
    const f = cache.memoize()(async function f(a: number) {
      return a + Math.random();
    });
    const first = await f(1);
    expect(await f(1)).toBe(first);
    advance(2);
    expect(await f(1)).not.toBe(first);
  });

  it('timeout 0 keeps entries forever', async () => {
    const cache = fresh({ defaultTimeout: 1 });
    const f = cache.memoize({ timeout: 0 })(async function forever(a: number) {
      return a + Math.random();
    });
    const first = await f(1);
    advance(365 * 24 * 3600);
    expect(await f(1)).toBe(first);
  });

  it('an entry written late keeps its own timeout: the version key is not orphaning it (test_memoize_entry_written_late_keeps_its_own_timeout)', async () => {
    const cache = fresh();
    let calls = 0;
    const food = cache.memoize({ timeout: 60 })(async function food(name: string) {
      calls++;
      return `${name}:${calls}`;
    });
    expect(await food('icecream')).toBe('icecream:1');
    advance(59);
    expect(await food('waffles')).toBe('waffles:2');
    advance(2);
    expect(await food('waffles')).toBe('waffles:2');
    expect(await food('icecream')).toBe('icecream:3');
    advance(60);
    expect(await food('waffles')).toBe('waffles:4');
  });

  it('the version key outlives the newest entry (test_memoize_version_key_outlives_newest_entry)', async () => {
    const cache = fresh();
    const f = cache.memoize({ timeout: 60 })(async function outlives(a: number) {
      return a * 2;
    });
    await f(1);
    advance(50);
    await f(2);
    advance(59);
    expect(await cache.has(functionVersionKey('outlives'))).toBe(true);
    advance(2);
    expect(await cache.has(functionVersionKey('outlives'))).toBe(false);
  });

  it('the version key expires once its entries have (test_memoize_version_key_expires_once_its_entries_have)', async () => {
    const cache = fresh();
    const f = cache.memoize({ timeout: 60 })(async function expiresWith(a: number) {
      return a * 2;
    });
    await f(1);
    expect(await cache.has('expiresWith_memver')).toBe(true);
    advance(61);
    expect(await cache.has('expiresWith_memver')).toBe(false);
  });

  it('after deleteMemoized(fn) and a long gap, a new entry still lives its full timeout (test_memoize_delete_resets_version_key)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ timeout: 60 })(async function resets(a: number) {
      calls++;
      return a + calls;
    });
    await f(1);
    await cache.deleteMemoized(f);
    await f(1);
    expect(calls).toBe(2);
    advance(3600);
    const late = await f(1);
    expect(calls).toBe(3);
    advance(30);
    expect(await f(1)).toBe(late);
    expect(calls).toBe(3);
  });

  it('fn.cacheTimeout reads the timeout and a new value applies to later stores (test_cache_timeout_property)', async () => {
    const cache = fresh();
    const f = cache.memoize({ timeout: 2 })(async function timed(a: number) {
      return a + Math.random();
    });
    expect(f.cacheTimeout).toBe(2);
    f.cacheTimeout = 5;
    expect(f.cacheTimeout).toBe(5);
    const first = await f(1);
    advance(4);
    expect(await f(1)).toBe(first);
    advance(2);
    expect(await f(1)).not.toBe(first);
    expect(() => {
      f.cacheTimeout = -1;
    }).toThrow(TypeError);
    expect(() => {
      f.cacheTimeout = Infinity;
    }).toThrow(/cacheTimeout/);
    expect(() => {
      f.cacheTimeout = Number.NaN;
    }).toThrow(/cacheTimeout/);
    expect(f.cacheTimeout).toBe(5);
    f.cacheTimeout = undefined;
    expect(f.cacheTimeout).toBeUndefined();
  });
});

describe('memoize: argument normalisation', () => {
  it('f(1), f(1, 0) share an entry when b = 0 is the default; f(1, null) does not (test_memoize_falsy_default_argument)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function falsy(a: number, b: number | null = 0) {
      calls++;
      return `${a}:${b}`;
    });
    expect(await f(1, null)).toBe('1:null');
    expect(await f(1)).toBe('1:0');
    expect(await f(1, 0)).toBe('1:0');
    expect(await f(1, undefined)).toBe('1:0');
    expect(calls).toBe(2);
  });

  it('f(1) and f(1, undefined) share an entry: trailing undefined is dropped', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function trailing(a: number, b?: number) {
      calls++;
      return `${a}:${b}`;
    });
    await f(1);
    await f(1, undefined);
    expect(calls).toBe(1);
    await f(1, 2);
    expect(calls).toBe(2);
  });

  it('1, "1", true, [1] and null are different arguments', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function kinds(a: unknown) {
      calls++;
      return typeof a;
    });
    for (const a of [1, '1', true, 1n, [1], null, { a: 1 }]) await f(a);
    expect(calls).toBe(7);
    for (const a of [1, '1', true, 1n, [1], null, { a: 1 }]) await f(a);
    expect(calls).toBe(7);
  });

  it('list and object arguments key by content, objects order-insensitively (test_memoize_args, test_memoize_kwargs)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function byContent(list: number[], opts: Record<string, number>) {
      calls++;
      return list.length + Object.keys(opts).length;
    });
    await f([5, 3, 2], { a: 1, b: 2 });
    await f([5, 3, 2], { b: 2, a: 1 });
    expect(calls).toBe(1);
    await f([2, 3, 5], { a: 1, b: 2 });
    expect(calls).toBe(2);
    expect(await cache.deleteMemoized(f, [5, 3, 2], { b: 2, a: 1 })).toBe(true);
    await f([5, 3, 2], { a: 1, b: 2 });
    await f([2, 3, 5], { a: 1, b: 2 });
    expect(calls).toBe(3);
  });

  it('comments in the parameter list (kept by tsc) do not shift defaults onto other parameters', async () => {
    const cache = fresh();
    // Built from source text: esbuild would strip the comment from a literal function here.
    const source = '(async function commented(a /* first, or x */, b = 1, ...rest) { return [a, b, rest]; })';
    const fn = (0, eval)(source) as (...args: number[]) => Promise<unknown>;
    const f = cache.memoize()(fn);
    expect(await f(5, 9)).toEqual([5, 9, []]);
    expect(await f(5, 9, 1)).toEqual([5, 9, [1]]);
    expect(await f(5)).toEqual([5, 1, []]);
    expect(await f(5, 1)).toEqual([5, 1, []]);
    expect((await f.makeCacheKey(undefined, 5)).slice(0, 16)).toBe((await f.makeCacheKey(undefined, 5, 1)).slice(0, 16));
  });

  it('rest arguments are part of the key (test_memoize_when_using_args_unpacking)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function spread(...args: number[]) {
      calls++;
      return args.reduce((x, y) => x + y, 0);
    });
    expect(await f(1, 2)).toBe(3);
    expect(await f(1, 3)).toBe(4);
    expect(await f(1, 2)).toBe(3);
    expect(calls).toBe(2);
    await cache.deleteMemoized(f);
    await f(1, 2);
    await f(1, 3);
    expect(calls).toBe(4);
  });

  it('non-ASCII arguments work (test_memoize_utf8_arguments)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function utf8(s: string) {
      calls++;
      return s.length;
    });
    expect(await f('æøå')).toBe(3);
    expect(await f('æøå')).toBe(3);
    expect(await f('日本')).toBe(2);
    expect(calls).toBe(2);
  });

  it('an object argument is keyed by its identity: mutating it still hits, another instance misses (test_memoize_classarg)', async () => {
    const cache = fresh();
    class Box {
      constructor(public value: number) {}
    }
    let calls = 0;
    const f = cache.memoize()(async function unbox(box: Box) {
      calls++;
      return box.value;
    });
    const box = new Box(1);
    expect(await f(box)).toBe(1);
    box.value = 2;
    expect(await f(box)).toBe(1);
    expect(await f(new Box(1))).toBe(1);
    expect(calls).toBe(2);
  });

  it('a circular argument rejects with a TypeError naming its position', async () => {
    const cache = fresh();
    const f = cache.memoize()(async function circ(_a: number, _b: unknown) {
      return 1;
    });
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    await expect(f(1, loop)).rejects.toThrow(TypeError);
    await expect(f(1, loop)).rejects.toThrow(/argument 1/);
    await expect(f(1, () => 1)).rejects.toThrow(/argument 1.*function/);
  });

  it('a bad argument of a method is named by its own position, not shifted by the instance', async () => {
    const cache = fresh();
    class Positions {
      @cache.memoize()
      async m(_a: unknown, _b: unknown) {
        return 1;
      }
    }
    await expect(new Positions().m(Symbol('x'), 1)).rejects.toThrow(/argument 0 of/);
    await expect(new Positions().m(1, Symbol('x'))).rejects.toThrow(/argument 1 of/);
  });
});

describe('memoize: argsToIgnore', () => {
  it('ignores a parameter by name, however it is passed (test_memoize_ignore_args)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ argsToIgnore: ['b'] })(async function ignoreB(a: number, b: number) {
      calls++;
      return a + b;
    });
    expect(await f(5, 2)).toBe(7);
    expect(await f(5, 3)).toBe(7);
    expect(calls).toBe(1);
    expect(await f(6, 3)).toBe(9);
  });

  it('ignores a parameter by index', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ argsToIgnore: [0] })(async function ignoreFirst(log: string, a: number) {
      calls++;
      return `${log}${a}`;
    });
    expect(await f('x', 1)).toBe('x1');
    expect(await f('y', 1)).toBe('x1');
    expect(calls).toBe(1);
  });

  it("'this' makes all instances share entries (test_memoize_method_ignore_self_arg)", async () => {
    const cache = fresh();
    let calls = 0;
    class Shared {
      constructor(readonly base: number) {}
      @cache.memoize({ argsToIgnore: ['this'] })
      async add(b: number) {
        calls++;
        return this.base + b;
      }
    }
    expect(await new Shared(1).add(3)).toBe(4);
    expect(await new Shared(100).add(3)).toBe(4);
    expect(calls).toBe(1);
  });

  it('an unknown parameter name throws TypeError at decoration', () => {
    const cache = fresh();
    expect(() => cache.memoize({ argsToIgnore: ['nope'] })(async function known(a: number) {
      return a;
    })).toThrow(/argsToIgnore.*nope/);
  });
});

describe('memoize: instance and static methods', () => {
  it('memoized instance methods return per-instance results (test_memoize_classfunc)', async () => {
    const cache = fresh();
    let calls = 0;
    class PerInstance {
      constructor(readonly base: number) {}
      @cache.memoize()
      async add(b: number) {
        calls++;
        return this.base + b + Math.random();
      }
    }
    const a1 = new PerInstance(1);
    const a2 = new PerInstance(2);
    const x = await a1.add(3);
    const y = await a2.add(3);
    expect(x).not.toBe(y);
    expect(await a1.add(3)).toBe(x);
    expect(await a2.add(3)).toBe(y);
    expect(calls).toBe(2);
  });

  it('[cacheIdentity] makes instances with equal identity share entries and tells others apart (test_memoize_classfunc_repr)', async () => {
    const cache = fresh();
    let calls = 0;
    class Identified {
      constructor(readonly initial: number) {}
      [cacheIdentity]() {
        return this.initial;
      }
      toString() {
        return '42';
      }
      @cache.memoize()
      async add(b: number) {
        calls++;
        return this.initial + b;
      }
    }
    expect(await new Identified(1).add(3)).toBe(4);
    expect(await new Identified(1).add(3)).toBe(4);
    expect(calls).toBe(1);
    expect(await new Identified(2).add(3)).toBe(5);
    expect(calls).toBe(2);
  });

  it('static methods are keyed by the class (test_memoize_classmethod)', async () => {
    const cache = fresh();
    let calls = 0;
    class StaticMock {
      @cache.memoize()
      static async bigFoo(a: number, b: number) {
        calls++;
        return a + b + Math.random();
      }
    }
    const first = await StaticMock.bigFoo(5, 2);
    expect(await StaticMock.bigFoo(5, 2)).toBe(first);
    expect(calls).toBe(1);
  });

  it('an inherited method keys by the declaring class', async () => {
    const cache = fresh();
    class BaseRepo {
      [cacheIdentity]() {
        return 'repo';
      }
      @cache.memoize()
      async find(id: number) {
        return id;
      }
    }
    class SubRepo extends BaseRepo {}
    await new SubRepo().find(1);
    expect(await cache.has('BaseRepo.find_memver')).toBe(true);
    expect(await cache.has('BaseRepo.find.repo_memver')).toBe(true);
  });

  it('the namespace option prefixes the function name', async () => {
    const cache = fresh();
    class Spaced {
      @cache.memoize({ namespace: 'billing' })
      async total(n: number) {
        return n;
      }
    }
    await new Spaced().total(1);
    expect(await cache.has('billing.Spaced.total_memver')).toBe(true);
  });

  it('makeName changes the entry key but not the version key', async () => {
    const cache = fresh();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const plain = cache.memoize()(async function named(a: number) {
        return a;
      });
      const renamed = cache.memoize({ makeName: (fname) => `${fname}.v2` })(async function named(a: number) {
        return a;
      });
      const k1 = await plain.makeCacheKey(undefined, 1);
      const k2 = await renamed.makeCacheKey(undefined, 1);
      expect(k1.slice(0, 16)).not.toBe(k2.slice(0, 16));
      expect(k1.slice(16)).toBe(k2.slice(16));
    } finally {
      warn.mockRestore();
    }
  });

  it('on a shared backend, a process-local identity is logged once per method with how to share entries', async () => {
    const backend = new SimpleBackend();
    Object.defineProperty(backend, 'shared', { value: true });
    const warnings: string[] = [];
    const cache = fresh({ type: backend, logger: { warn: (m: string) => warnings.push(m), error: () => {} } });
    class Local {
      @cache.memoize()
      async a() {
        return 1;
      }
      @cache.memoize()
      async b() {
        return 2;
      }
    }
    class Stable {
      [cacheIdentity]() {
        return 's';
      }
      @cache.memoize()
      async c() {
        return 3;
      }
    }
    await new Local().a();
    await new Local().a();
    await new Local().b();
    await new Stable().c();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/Local\.a.*\[cacheIdentity\]/);
    expect(warnings[1]).toMatch(/Local\.b/);
  });

  it('two classes registering the same fname get a warning', async () => {
    const cache = fresh();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      {
        class Twin {
          @cache.memoize()
          async m() {
            return 1;
          }
        }
        await new Twin().m();
      }
      {
        class Twin {
          @cache.memoize()
          async m() {
            return 2;
          }
        }
        await new Twin().m();
      }
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('"Twin.m"'), 'DecocacheWarning');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('memoize: options', () => {
  it('forcedUpdate is called exactly once per call, hit or miss, with the arguments (test_memoize_forced_update_parameters)', async () => {
    const cache = fresh();
    const seen: unknown[][] = [];
    let forced = false;
    let calls = 0;
    const f = cache.memoize({
      forcedUpdate: (...args: number[]) => {
        seen.push(args);
        return forced;
      },
    })(async function forcedFn(a: number, b: number) {
      calls++;
      return a + b + calls;
    });
    const first = await f(5, 2);
    expect(seen).toEqual([[5, 2]]);
    expect(await f(5, 2)).toBe(first);
    expect(seen).toHaveLength(2);
    forced = true;
    const second = await f(5, 2);
    expect(second).not.toBe(first);
    expect(seen).toHaveLength(3);
    forced = false;
    expect(await f(5, 2)).toBe(second);
    expect(seen).toEqual([[5, 2], [5, 2], [5, 2], [5, 2]]);
    expect(calls).toBe(2);
  });

  it('forcedUpdate triggers only on === true', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ forcedUpdate: () => 1 as unknown as boolean })(async function truthy() {
      return ++calls;
    });
    await f();
    await f();
    expect(calls).toBe(1);
  });

  it('isStale is called only on hits, with the cached value then the arguments (test_memoize_is_stale_parameters)', async () => {
    const cache = fresh();
    const seen: unknown[][] = [];
    let calls = 0;
    const f = cache.memoize({
      isStale: (cached: number, ...args: number[]) => {
        seen.push([cached, ...args]);
        return cached < 2;
      },
    })(async function staleFn(a: number, b: number) {
      return a * 0 + b * 0 + ++calls;
    });
    expect(await f(5, 2)).toBe(1);
    expect(seen).toEqual([]);
    expect(await f(5, 2)).toBe(2);
    expect(seen).toEqual([[1, 5, 2]]);
    expect(await f(5, 2)).toBe(2);
    expect(seen).toEqual([[1, 5, 2], [2, 5, 2]]);
  });

  it('isStale is not called when forcedUpdate fired (test_cache_is_stale_not_called_on_forced_update)', async () => {
    const cache = fresh();
    const isStale = vi.fn(() => false);
    let calls = 0;
    const f = cache.memoize({ forcedUpdate: () => true, isStale })(async function forcedStale() {
      return ++calls;
    });
    await f();
    await f();
    expect(calls).toBe(2);
    expect(isStale).not.toHaveBeenCalled();
  });

  it('callbacks get the call\'s this and may return a Promise', async () => {
    const cache = fresh();
    let calls = 0;
    class WithThis {
      skip = false;
      @cache.memoize({ unless: async function (this: WithThis) { return this.skip; } })
      async v() {
        return ++calls;
      }
    }
    const w = new WithThis();
    await w.v();
    await w.v();
    expect(calls).toBe(1);
    w.skip = true;
    await w.v();
    expect(calls).toBe(2);
  });

  it('unless === true bypasses the cache entirely: nothing read, nothing written', async () => {
    const cache = fresh();
    let calls = 0;
    let skip = true;
    const f = cache.memoize({ unless: (a: number) => skip && a > 0 })(async function unlessFn(a: number) {
      return a + ++calls;
    });
    await f(1);
    await f(1);
    expect(calls).toBe(2);
    expect(await cache.has('unlessFn_memver')).toBe(false);
    skip = false;
    await f(1);
    await f(1);
    expect(calls).toBe(3);
  });

  it('responseFilter decides what is stored; the result is returned either way', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ responseFilter: (r: { status: number }) => r.status < 400 })(async function filtered(status: number) {
      calls++;
      return { status };
    });
    expect(await f(500)).toEqual({ status: 500 });
    expect(await f(500)).toEqual({ status: 500 });
    expect(calls).toBe(2);
    await f(200);
    await f(200);
    expect(calls).toBe(3);
  });

  it('undefined and null results are not cached by default (test_memoize_never_accept_none)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function nothing(kind: string) {
      calls++;
      return kind === 'null' ? null : undefined;
    });
    await f('null');
    await f('null');
    await f('undefined');
    await f('undefined');
    expect(calls).toBe(4);
  });

  it('cacheNone caches undefined and null results until clear() (test_memoize_none)', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ cacheNone: true })(async function none(kind: string) {
      calls++;
      return kind === 'null' ? null : undefined;
    });
    expect(await f('null')).toBeNull();
    expect(await f('null')).toBeNull();
    expect(await f('undefined')).toBeUndefined();
    expect(await f('undefined')).toBeUndefined();
    expect(calls).toBe(2);
    await cache.clear();
    await f('null');
    expect(calls).toBe(3);
  });

  it('sourceCheck: same source shares entries, different source does not (test_memoize_with_source_check_enabled)', async () => {
    const cache = fresh();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const v1 = cache.memoize({ sourceCheck: true })(async function src(a: number) {
        return a + Math.random();
      });
      const v2 = cache.memoize({ sourceCheck: true })(async function src(a: number) {
        return a + Math.random() + 1000;
      });
      const v3 = cache.memoize({ sourceCheck: true })(async function src(a: number) {
        return a + Math.random();
      });
      const first = await v1(1);
      expect(await v2(1)).not.toBe(first);
      expect(await v3(1)).toBe(first);
      expect(await v3.makeCacheKey(undefined, 1)).toBe(await v1.makeCacheKey(undefined, 1));
      expect(await v2.makeCacheKey(undefined, 1)).not.toBe(await v1.makeCacheKey(undefined, 1));
    } finally {
      warn.mockRestore();
    }
  });

  it('without sourceCheck a changed body still hits the old entry (test_memoize_with_source_check_disabled)', async () => {
    const cache = fresh();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const v1 = cache.memoize()(async function nosrc(a: number) {
        return a;
      });
      const v2 = cache.memoize()(async function nosrc(a: number) {
        return a + 1000;
      });
      expect(await v1(1)).toBe(1);
      expect(await v2(1)).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('the cache config sourceCheck applies when the decorator does not say (test_memoize_source_check_from_config)', async () => {
    const cache = fresh({ sourceCheck: true });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const v1 = cache.memoize()(async function cfgsrc(a: number) {
        return a;
      });
      const v2 = cache.memoize()(async function cfgsrc(a: number) {
        return a + 0;
      });
      expect(await v1(1)).toBe(1);
      expect(await v2.makeCacheKey(undefined, 1)).not.toBe(await v1.makeCacheKey(undefined, 1));
      expect(await cache.deleteMemoized(v1, 1)).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });

  it.each(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const)('memoizes with hashMethod %s (test_memoize_hashes)', async (hashMethod) => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize({ hashMethod, namespace: hashMethod })(async function hashed(a: number) {
      return a + ++calls;
    });
    expect(await f(1)).toBe(2);
    expect(await f(1)).toBe(2);
    expect(await f(2)).toBe(4);
    expect(await cache.deleteMemoized(f, 1)).toBe(true);
    expect(await f(1)).toBe(4);
  });

  it('the cache hashMethod applies at call time, after decoration (test_hash_method_resolved_after_decoration)', async () => {
    const cache = new Cache();
    const f = cache.memoize()(async function lateHash(a: number) {
      return a;
    });
    const before = await f.makeCacheKey(undefined, 1);
    cache.init({ type: 'SimpleCache', hashMethod: 'md5' });
    const after = await f.makeCacheKey(undefined, 1);
    expect(after.slice(0, 16)).not.toBe(before.slice(0, 16));
    await f(1);
    expect(await cache.deleteMemoized(f, 1)).toBe(true);
  });

  it('rejects wrong option types with a TypeError naming the option', () => {
    const cache = fresh();
    expect(() => cache.memoize({ timeout: -1 })).toThrow(/timeout/);
    expect(() => cache.memoize({ timeout: Number.NaN })).toThrow(/timeout/);
    expect(() => cache.memoize({ unless: true as never })).toThrow(/unless/);
    expect(() => cache.memoize({ hashMethod: 'sha3' as never })).toThrow(/hashMethod/);
    expect(() => cache.memoize({ cacheNone: 'yes' as never })).toThrow(/cacheNone/);
    expect(() => cache.memoize({ keyPrefix: 'x' } as never)).toThrow(/keyPrefix/);
  });
});

describe('memoize: the decorated function', () => {
  it('wraps a plain async function and keeps uncached', async () => {
    const cache = fresh();
    let calls = 0;
    async function lookup(name: string) {
      calls++;
      return name.toUpperCase();
    }
    const wrapped = cache.memoize({ timeout: 5 })(lookup);
    expect(await wrapped('a')).toBe('A');
    expect(await wrapped('a')).toBe('A');
    expect(calls).toBe(1);
    expect(wrapped.uncached).toBe(lookup);
    expect(await wrapped.uncached('a')).toBe('A');
    expect(calls).toBe(2);
    expect(wrapped.name).toBe('lookup');
  });

  it('an anonymous function needs a namespace or makeName', async () => {
    const cache = fresh();
    expect(() => cache.memoize()(async (a: number) => a)).toThrow(TypeError);
    const named = cache.memoize({ namespace: 'anon' })(async (a: number) => a + 1);
    expect(await named(1)).toBe(2);
    expect(await cache.has('anon.anonymous_memver')).toBe(true);
  });

  it('fn.makeCacheKey(thisArg, ...args) is the key a call uses (test_make_cache_key_function_property)', async () => {
    const cache = fresh();
    class Keyed {
      @cache.memoize()
      async view(foo: string, bar: string) {
        return `${foo}${bar}`;
      }
    }
    const k = new Keyed();
    await k.view('a', 'b');
    // A decorator cannot change a member's declared type, so the members are reached through a cast.
    const view = Keyed.prototype.view as MemoizedFunction<Keyed, [string, string], string>;
    const key = await view.makeCacheKey(k, 'a', 'b');
    expect(await cache.get(key)).toBe('ab');
    expect(await cache.get(await view.makeCacheKey(k, 'b', 'a'))).toBeUndefined();
  });

  it('carries reflect-metadata under decocache:memoize', () => {
    const cache = fresh();
    const f = cache.memoize()(async function meta() {
      return 1;
    });
    const meta = Reflect.getMetadata('decocache:memoize', f) as { kind: string; name: string; original: unknown };
    expect(meta).toBeDefined();
    expect(meta.kind).toBe('memoize');
    expect(meta.original).toBe(f.uncached);
    expect(Reflect.getMetadata('decocache:cached', f)).toBeUndefined();
  });

  it('single-flight: 10 concurrent identical calls run the function once', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function slow(a: number) {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return a * 2;
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => f(21)));
    expect(results).toEqual(Array(10).fill(42));
    expect(calls).toBe(1);
    await Promise.all([f(1), f(2), f(1)]);
    expect(calls).toBe(3);
  });

  it('the function\'s own errors propagate and nothing is stored', async () => {
    const cache = fresh();
    let calls = 0;
    const f = cache.memoize()(async function throws(a: number) {
      calls++;
      if (calls === 1) throw new Error('boom');
      return a;
    });
    await expect(f(1)).rejects.toThrow('boom');
    expect(await f(1)).toBe(1);
    expect(calls).toBe(2);
  });

  it('@Memoize uses the default cache, looked up at call time', async () => {
    let calls = 0;
    class Late {
      @Memoize()
      static async late(a: number) {
        calls++;
        return a;
      }
    }
    const cache = fresh();
    setDefaultCache(cache);
    await Late.late(1);
    await Late.late(1);
    expect(calls).toBe(1);
    expect(await cache.has('Late.late_memver')).toBe(true);
  });
});

describe('memoize: events', () => {
  it('emits miss then hit with { kind, key, fn } (test_memoize_sends_miss_then_hit)', async () => {
    const cache = fresh();
    const events: [string, CacheEvent][] = [];
    cache.events.on('hit', (e) => events.push(['hit', e]));
    cache.events.on('miss', (e) => events.push(['miss', e]));
    const add = cache.memoize()(async function add(a: number, b: number) {
      return a + b;
    });
    await add(1, 2);
    await add(1, 2);
    expect(events.map(([n]) => n)).toEqual(['miss', 'hit']);
    const [[, miss], [, hit]] = events as [[string, CacheEvent], [string, CacheEvent]];
    expect(miss).toEqual({ kind: 'memoize', key: hit.key, fn: add.uncached });
    expect(hit.key).toBe(await add.makeCacheKey(undefined, 1, 2));
  });

  it('a forced update and a stale value are reported as misses', async () => {
    const cache = fresh();
    const kinds: string[] = [];
    cache.events.on('hit', () => kinds.push('hit'));
    cache.events.on('miss', () => kinds.push('miss'));
    let force = false;
    let n = 0;
    const f = cache.memoize({ forcedUpdate: () => force, isStale: (v: number) => v === 1 })(async function evts() {
      return ++n;
    });
    await f(); // miss, stores 1
    await f(); // stale, stores 2
    await f(); // hit
    force = true;
    await f(); // forced, stores 3
    force = false;
    await f(); // hit
    expect(kinds).toEqual(['miss', 'miss', 'hit', 'miss', 'hit']);
    expect(n).toBe(3);
  });
});
