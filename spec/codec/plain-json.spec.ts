import { describe, expect, it } from 'vitest';
import { defaultSerializer } from '../../src/index.js';
import { encode } from '../../src/codec/encode.js';
import { copyPlainJson, isPlainJson, NOT_PLAIN } from '../../src/codec/plain-json.js';

/** What the full encoder writes: the text the fast path must reproduce byte for byte. */
const slow = (value: unknown) => `!${JSON.stringify(encode(value, new Set()))}`;

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('plain records skip the tagging copy, with the very same text', () => {
  it('plain data takes the fast path and writes what the full encoder writes', () => {
    const values = [
      { id: 42, name: 'en-GB', roles: ['admin', 'author'], score: 9.5, active: true, none: null },
      [1, 'two', [3, { four: 4 }]],
      { '': 1, 'a b': 'c', 'ü': 'ñ' },
      JSON.parse('{"__proto__": {"nested": true}}') as object,
      Object.assign(Object.create(null) as object, { a: 1 }),
      { deep: { deeper: { deepest: ['x'] } } },
      [],
      {},
    ];
    for (const value of values) {
      expect(isPlainJson(value), JSON.stringify(value)).toBe(true);
      expect(defaultSerializer.dumps(value)).toBe(slow(value));
      expect(defaultSerializer.loads(defaultSerializer.dumps(value))).toStrictEqual(defaultSerializer.loads(slow(value)));
    }
  });

  it('anything the encoder tags or refuses takes the full encoder: -0, NaN, undefined, holes, $t keys, class instances, special objects, functions', () => {
    const holey: unknown[] = [1];
    holey[2] = 3;
    const cases: unknown[] = [
      { n: -0 },
      { n: NaN },
      { n: Infinity },
      { u: undefined },
      [undefined],
      holey,
      { $t: 'o' },
      new Point(1, 2),
      { when: new Date(0) },
      { big: 1n },
      { m: new Map([[1, 2]]) },
    ];
    for (const value of cases) {
      expect(isPlainJson(value)).toBe(false);
      expect(defaultSerializer.dumps(value)).toBe(slow(value));
    }
    expect(() => defaultSerializer.dumps({ fn: () => 1 })).toThrow(TypeError);
    // An own toJSON is a function: never handed to JSON.stringify, which would call it.
    expect(isPlainJson({ toJSON: () => 'x' })).toBe(false);
    expect(() => defaultSerializer.dumps({ toJSON: () => 'x' })).toThrow(TypeError);
  });

  it('a circular value or one nested past the limit still fails with a TypeError', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => defaultSerializer.dumps(circular)).toThrow(/circular/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 600; i++) deep = [deep];
    expect(() => defaultSerializer.dumps(deep)).toThrow(/deeper/);
  });
});

describe('copyPlainJson: what an in-memory store keeps instead of text', () => {
  const roundTrip = (value: unknown) => defaultSerializer.loads(defaultSerializer.dumps(value));

  it('copies exactly what the serializer round trip returns, sharing nothing with the original', () => {
    const values = [
      { id: 42, name: 'en-GB', roles: ['admin', 'author'], score: 9.5, active: true, none: null },
      [1, 'two', [3, { four: 4 }]],
      JSON.parse('{"__proto__": {"nested": true}}') as object,
      Object.assign(Object.create(null) as object, { a: [1] }),
      'text',
      7,
      false,
      null,
    ];
    for (const value of values) {
      const copy = copyPlainJson(value);
      expect(copy, JSON.stringify(value)).toStrictEqual(roundTrip(value));
      if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
    }
    const original = { list: [1, 2], inner: { n: 1 } };
    const copy = copyPlainJson(original) as typeof original;
    original.list.push(3);
    original.inner.n = 2;
    expect(copy).toEqual({ list: [1, 2], inner: { n: 1 } });
  });

  it('refuses whatever isPlainJson refuses (-0, NaN, undefined, holes, $t keys, class instances, special objects, functions) and drops symbol keys as JSON does', () => {
    const holey: unknown[] = [1];
    holey[2] = 3;
    const cases: unknown[] = [{ n: -0 }, { n: NaN }, { u: undefined }, [undefined], holey, { $t: 'o' }, new Point(1, 2), { when: new Date(0) }, { big: 1n }, { fn: () => 1 }, undefined, Symbol('s')];
    for (const value of cases) expect(copyPlainJson(value)).toBe(NOT_PLAIN);
    // Symbol keys are dropped by JSON; the copy never has them either.
    expect(copyPlainJson({ a: 1, [Symbol('hidden')]: 2 })).toStrictEqual({ a: 1 });
  });

  it('reads a getter once, as JSON.stringify does', () => {
    let reads = 0;
    const value = {
      get n() {
        return ++reads;
      },
    };
    expect(copyPlainJson(value)).toStrictEqual({ n: 1 });
    expect(reads).toBe(1);
  });
});
