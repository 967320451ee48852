import { describe, expect, it } from 'vitest';
import { deleteMemoized } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('deleteMemoized on static methods', () => {
  it('deleteMemoized(C.m, C, ...args) removes one entry; a non-class first argument throws TypeError (test_memoize_classmethod_delete_with_args)', async () => {
    const cache = fresh();
    let runs = 0;
    class Mock {
      @cache.memoize()
      static async bigFoo(a: number, b: number) {
        return a + b + ++runs * 1000;
      }
    }
    const x = await Mock.bigFoo(5, 2);
    const y = await Mock.bigFoo(5, 3);
    // @ts-expect-error a static method takes the class first
    expect(() => deleteMemoized(Mock.bigFoo, 5, 2)).toThrow(TypeError);
    expect(await Mock.bigFoo(5, 2)).toBe(x);
    expect(await deleteMemoized(Mock.bigFoo, Mock, 5, 2)).toBe(true);
    expect(await Mock.bigFoo(5, 3)).toBe(y);
    expect(await Mock.bigFoo(5, 2)).not.toBe(x);
  });

  it('deleteMemoized(C.m) invalidates every entry of a static method (test_memoize_classmethod_delete)', async () => {
    const cache = fresh();
    let runs = 0;
    class StaticAll {
      @cache.memoize()
      static async f(a: number) {
        return a + ++runs * 1000;
      }
    }
    const x = await StaticAll.f(1);
    const y = await StaticAll.f(2);
    expect(await deleteMemoized(StaticAll.f)).toBe(true);
    expect(await StaticAll.f(1)).not.toBe(x);
    expect(await StaticAll.f(2)).not.toBe(y);
  });
});
