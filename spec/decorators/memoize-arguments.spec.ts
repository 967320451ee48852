import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { fresh } from '../helpers/memory-cache.js';

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
