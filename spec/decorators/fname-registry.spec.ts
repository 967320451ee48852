import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache, runWithRequest, type CacheErrorEvent, type MemoizedFunction } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';
import { decoratorMode } from '../helpers/decorator-mode.js';

const CONFLICT = /two different functions use the cache name "(.+)".*Set a distinct `namespace` option/;

describe('fname registry: one cache name, one function per process', () => {
  it('plain functions: a second function under one name throws TypeError at decoration, naming it and namespace', () => {
    const cache = fresh();
    cache.memoize()(async function loadThing(id: number) {
      return { user: id };
    });
    expect(() =>
      cache.memoize()(async function loadThing(id: number) {
        return { order: id };
      }),
    ).toThrow(/"loadThing".*namespace/);
  });

  // Transpilers name a class only after its static initializers ran (esbuild --keep-names), so a
  // Stage-3 static method claims its name at first use; a legacy decorator knows the class at once.
  it('static methods: the second class throws at its first use (legacy: when it is defined), before it runs', async () => {
    const cache = fresh();
    let runs = 0;
    // Sibling scopes: a nested class of the same name would be renamed by esbuild (Stats2).
    const first = () => {
      class Stats {
        @cache.memoize()
        static async total() {
          return ++runs;
        }
      }
      return Stats;
    };
    const second = () => {
      class Stats {
        @cache.memoize()
        static async total() {
          return 100 + ++runs;
        }
      }
      return Stats;
    };
    const First = first();
    expect(First.name).toBe('Stats');
    expect(await First.total()).toBe(1);
    if (decoratorMode === 'legacy') expect(second).toThrow(/"Stats\.total"/);
    else {
      const Second = second();
      await expect(Second.total()).rejects.toThrow(/"Stats\.total"/);
      expect(runs).toBe(1);
    }
  });

  it('whatever cache each uses: two caches do not make two names', () => {
    const [a, b] = [fresh(), fresh()];
    a.memoize()(async function acrossCaches() {
      return 'a';
    });
    expect(() =>
      b.memoize()(async function acrossCaches() {
        return 'b';
      }),
    ).toThrow(CONFLICT);
  });

  it('anonymous functions named only by makeName all register "anonymous": a second one needs a namespace', () => {
    const cache = fresh();
    const makeName = (fname: string) => `${fname}-v`;
    cache.memoize({ makeName })(async () => 1);
    expect(() => cache.memoize({ makeName })(async () => 2)).toThrow(/"anonymous".*namespace/);
    expect(() => cache.memoize({ makeName, namespace: 'two' })(async () => 2)).not.toThrow();
  });

  it('a namespace tells them apart, and each keeps its own entries', async () => {
    const cache = fresh();
    const users = cache.memoize({ namespace: 'users' })(async function find(id: number) {
      return `user ${id}`;
    });
    const orders = cache.memoize({ namespace: 'orders' })(async function find(id: number) {
      return `order ${id}`;
    });
    expect([await users(1), await orders(1), await users(1)]).toEqual(['user 1', 'order 1', 'user 1']);
  });

  it('the same source text from two places is the same function run again: it shares the name and the entries', async () => {
    const cache = fresh();
    let runs = 0;
    const define = () =>
      cache.memoize()(async function sameCode(id: number) {
        return `${id}:${++runs}`;
      });
    const first = define();
    const second = define();
    expect([await first(1), await second(1)]).toEqual(['1:1', '1:1']);
  });

  it('memoize and cached keep separate names: their keys never meet', async () => {
    const cache = fresh();
    cache.memoize()(async function page() {
      return 'memoized';
    });
    const view = cache.cached()(async function page() {
      return 'view';
    });
    expect(await view()).toBe('view');
  });

  it('cached claims its name when its key uses it: outside a request a second one runs uncached and reports the TypeError', async () => {
    const cache = fresh();
    const errors: CacheErrorEvent[] = [];
    cache.events.on('error', (e) => errors.push(e));
    const first = cache.cached()(async function home() {
      return 'first';
    });
    const second = cache.cached()(async function home() {
      return 'second';
    });
    // In a request the key is the path: no name is needed, nothing conflicts.
    expect(await runWithRequest({ path: '/b' }, () => second())).toBe('second');
    expect(await first()).toBe('first');
    expect(await second()).toBe('second');
    expect(await second()).toBe('second');
    expect(errors.map((e) => String(e.error))).toEqual([expect.stringMatching(/"home"/), expect.stringMatching(/"home"/)]);
  });
});

describe('fname registry: the same place again is a reload, not a conflict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'decocache-reload-'));
  const file = join(dir, 'reloaded.ts');
  const src = resolve('src/index.ts');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A module as a dev server reloads it: same file, edited body, evaluated again under a new query. */
  async function load(body: string, version: number): Promise<MemoizedFunction<unknown, [number], string>> {
    writeFileSync(
      file,
      [
        `import { getDefaultCache } from ${JSON.stringify(src)};`,
        `export const reloaded = getDefaultCache().memoize()(async function reloadedFn(id: number) { return ${body}; });`,
        '',
      ].join('\n'),
    );
    const mod = (await import(/* @vite-ignore */ `${file}?reload=${version}`)) as { reloaded: MemoizedFunction<unknown, [number], string> };
    return mod.reloaded;
  }

  it('a module evaluated again with an edited body replaces the first registration', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const { setDefaultCache } = await import('../../src/index.js');
    setDefaultCache(cache);
    const v1 = await load('`v1 ${id}`', 1);
    expect(await v1(1)).toBe('v1 1');
    const v2 = await load('`v2 ${id}`', 2);
    expect(v2).not.toBe(v1);
    expect(await v2.uncached(1)).toBe('v2 1');
  });
});
