import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cacheIdentity, defaultSerializer } from '../../src/index.js';
import { identityOf } from '../../src/keys/identity.js';
import { memoizeKeyParts, rememberHit, type MemoizeKeySpec } from '../../src/keys/memoize-key.js';
import { reprArgs } from '../../src/keys/repr.js';
import { copyDecoded } from '../../src/codec/value-copy.js';

const spec = (): MemoizeKeySpec => ({ placement: 'function', params: [], ignored: new Set(), ignoreThis: false, makeName: undefined });
const b64 = (text: string) => createHash('sha256').update(text).digest('base64').slice(0, 16);

/** The key parts of a call that then hits, which the decorator keeps in the args memo (rememberHit). */
function hitParts(s: MemoizeKeySpec, method: 'sha256' | 'md5', self: unknown, args: unknown[]) {
  const got = memoizeKeyParts(s, 'f', method, self, args, undefined);
  rememberHit(got);
  return got;
}

describe('remembered argument hashes', () => {
  it('a call is remembered on its first hit, not when it misses: one that only ever misses takes no place', () => {
    const s = spec();
    const missed = memoizeKeyParts(s, 'f', 'sha256', undefined, [1, 'x'], undefined);
    expect(missed.remembered).toBeUndefined();
    expect(memoizeKeyParts(s, 'f', 'sha256', undefined, [1, 'x'], undefined).remembered).toBeUndefined();
    rememberHit(missed);
    const again = memoizeKeyParts(s, 'f', 'sha256', undefined, [1, 'x'], undefined);
    expect(again.remembered).toBe(missed.remembered);
    expect(again.hash).toBe(b64('f(1, "x")'));
  });

  const calls: unknown[][] = [[1, 'x'], [0], [-0], ['0'], [0n], [null], [undefined, 1], [true], ['true'], [NaN], [Infinity], [1, 'x', 2], ['é"\\'], []];

  it('a remembered hash equals the one built from repr, for every kind of primitive', () => {
    const s = spec();
    for (let round = 0; round < 3; round++) {
      for (const args of calls) expect(hitParts(s, 'sha256', undefined, args).hash).toBe(b64(`f${reprArgs(args, 'f')}`));
    }
  });

  it('stays correct after the memo fills up and is dropped', () => {
    const s = spec();
    for (let i = 0; i < 10_000; i++) hitParts(s, 'sha256', undefined, [i, 'a']);
    for (const i of [0, 5000, 9999]) expect(hitParts(s, 'sha256', undefined, [i, 'a']).hash).toBe(b64(`f(${i}, "a")`));
  });

  it('a change of hash method is never answered from the memo', () => {
    const s = spec();
    hitParts(s, 'sha256', undefined, [1]);
    const md5 = createHash('md5').update('f(1)').digest('base64').slice(0, 16);
    expect(hitParts(s, 'md5', undefined, [1]).hash).toBe(md5);
  });

  it('object arguments are read each time, so a mutated object gets its new key', () => {
    const s = spec();
    const arg = { a: 1 };
    const before = hitParts(s, 'sha256', undefined, [arg]).hash;
    arg.a = 2;
    expect(hitParts(s, 'sha256', undefined, [arg]).hash).not.toBe(before);
  });
});

describe('remembered hashes of plain-object and array arguments', () => {
  const parts = (s: MemoizeKeySpec, args: unknown[]) => hitParts(s, 'sha256', undefined, args);
  const viaRepr = (args: unknown[]) => b64(`f${reprArgs(args, 'f')}`);
  const nullProto = (fields: object) => Object.assign(Object.create(null) as object, fields);
  const remembered: unknown[][] = [
    [{ a: 1 }],
    [{ a: '1' }],
    [{ b: 2, a: 1 }],
    [{ a: [1, 2] }],
    [{ a: [1], b: 2 }],
    [['a', 'b']],
    [{ a: 'b' }],
    [[]],
    [[[]]],
    [{}],
    [{ a: undefined }],
    [[1], 2],
    [[1, 2]],
    [{ a: { b: 1, c: 2 } }],
    [{ a: { b: 1 }, c: 2 }],
    [{ 'a.b': 1 }],
    // Object.keys puts integer-like keys first, ascending; repr sorts them as text ('10' < '2').
    [{ 2: 'two', 10: 'ten', b: 1, a: 2 }],
    [{ 'é"\\': 1, '\uFFFF': 2, '\uD83D\uDE00': 3 }],
    [JSON.parse('{"__proto__": {"x": 1}, "a": [null, true, "1n"]}')],
    [nullProto({ z: 1, a: [NaN, Infinity] })],
    // A hole reads undefined, as repr writes it.
    [[, 1]],
    [{ a: 1 }, 'x', [true, null, 10n], { b: [{ c: [] }] }],
  ];

  it('a remembered hash equals the one built from repr, on the first call and on every repeat', () => {
    const s = spec();
    for (let round = 0; round < 3; round++) {
      for (const args of remembered) {
        const got = parts(s, args);
        expect(got.hash, reprArgs(args, 'f')).toBe(viaRepr(args));
        expect(got.remembered, 'plain objects and arrays of primitives are remembered').toBeDefined();
      }
    }
  });

  it('anything else is keyed by repr alone, as before: class instances, Dates, Maps, Sets, typed arrays, -0, symbols', () => {
    const s = spec();
    class Point {
      constructor(readonly x: number) {}
    }
    const others: unknown[][] = [
      [{ at: new Date(5) }],
      [[new Map([[1, 2]])]],
      [{ s: new Set([1]) }],
      [{ bytes: new Uint8Array([1]) }],
      [{ a: -0 }],
      [[0, -0]],
      [{ s: Symbol.for('x') }],
      [new Point(1)],
      [{ p: new Point(1) }],
    ];
    for (let round = 0; round < 2; round++) {
      for (const args of others) {
        const got = parts(s, args);
        expect(got.remembered).toBeUndefined();
        expect(got.hash).toBe(viaRepr(args));
      }
    }
    expect(parts(s, [{ a: -0 }]).hash).not.toBe(parts(s, [{ a: 0 }]).hash);
    expect(parts(s, [[-0]]).hash).not.toBe(parts(s, [[0]]).hash);
  });

  it('a call is remembered up to 256 path elements; a longer one is keyed by repr alone', () => {
    const s = spec();
    // An array of n numbers walks n + 2 elements (its two markers).
    const fits = [Array.from({ length: 254 }, (_, i) => i)];
    const over = [Array.from({ length: 255 }, (_, i) => i)];
    const wide = [Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]))];
    for (let round = 0; round < 2; round++) {
      expect(parts(s, fits).remembered).toBeDefined();
      expect(parts(s, over).remembered).toBeUndefined();
      expect(parts(s, wide).remembered).toBeUndefined();
      for (const args of [fits, over, wide]) expect(parts(s, args).hash).toBe(viaRepr(args));
    }
  });

  it('circular and function arguments throw the same TypeError as repr, whatever the memo holds', () => {
    const s = spec();
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const list: unknown[] = [1];
    list.push(list);
    const fn = { a: 1, f: () => 1 };
    parts(s, [{ a: 1 }]);
    for (const args of [[cycle], [list], [fn], [[fn]]]) {
      let expected: unknown;
      try {
        reprArgs(args, 'f');
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(TypeError);
      for (let round = 0; round < 2; round++) expect(() => parts(s, args)).toThrow((expected as Error).message);
    }
  });

  it('every value is read again on every call: a getter whose value changes gets the new key', () => {
    const s = spec();
    let reads = 0;
    let value = 1;
    const arg = {
      get v() {
        reads++;
        return value;
      },
    };
    const one = parts(s, [arg]).hash;
    expect(parts(s, [arg]).hash).toBe(one);
    const readsBefore = reads;
    value = 2;
    const two = parts(s, [arg]).hash;
    expect(two).not.toBe(one);
    expect(two).toBe(viaRepr([{ v: 2 }]));
    value = 1;
    expect(parts(s, [arg]).hash).toBe(one);
    expect(reads).toBeGreaterThan(readsBefore + 1);
  });

  it('a field added or deleted between calls is seen: the key is that of the fields the object has now', () => {
    const s = spec();
    const arg: Record<string, unknown> = { a: 1, list: [1] };
    const steps: (() => void)[] = [() => (arg.b = 2), () => delete arg.a, () => (arg.list as number[]).push(2), () => (arg.list = [1])];
    for (const change of [() => undefined, ...steps]) {
      change();
      for (let round = 0; round < 2; round++) expect(parts(s, [arg]).hash).toBe(viaRepr([structuredClone(arg)]));
    }
  });

  it('a getter that answers differently on each read never leaves a hash under another path', () => {
    const s = spec();
    let n = 0;
    const flip = {
      get v() {
        return n++ % 2;
      },
    };
    // Whatever each read returns, the hash remembered for {v: 0} and {v: 1} stays theirs.
    for (let i = 0; i < 6; i++) parts(s, [flip]);
    expect(parts(s, [{ v: 0 }]).hash).toBe(viaRepr([{ v: 0 }]));
    expect(parts(s, [{ v: 1 }]).hash).toBe(viaRepr([{ v: 1 }]));
  });

  it("a method's object arguments are remembered per instance identity, and under argsToIgnore 'this' across instances", () => {
    const method = (ignoreThis: boolean): MemoizeKeySpec => ({ ...spec(), placement: 'method', ignoreThis });
    const one = { [cacheIdentity]: () => '1' };
    const two = { [cacheIdentity]: () => 2 };
    const arg = { q: ['x'], n: 1 };
    for (const ignoreThis of [false, true]) {
      const s = method(ignoreThis);
      for (let round = 0; round < 2; round++) {
        for (const self of [one, two]) {
          const got = hitParts(s, 'sha256', self, [arg]);
          expect(got.remembered).toBeDefined();
          expect(got.hash).toBe(b64(`f${reprArgs([arg], 'f', [ignoreThis ? null : identityOf(self)])}`));
        }
      }
      const hashes = [one, two].map((self) => hitParts(s, 'sha256', self, [arg]).hash);
      expect(new Set(hashes).size).toBe(ignoreThis ? 1 : 2);
    }
  });

  it('stays correct after the node budget is spent and the memo dropped', () => {
    const s = spec();
    const call = (i: number) => [{ id: i, tags: Array.from({ length: 100 }, (_, j) => j) }];
    for (let i = 0; i < 1000; i++) parts(s, call(i));
    for (const i of [0, 500, 999]) expect(parts(s, call(i)).hash).toBe(viaRepr(call(i)));
  });
});

describe('copyDecoded', () => {
  const values: unknown[] = [
    { id: 1, tags: ['a', { deep: [1, 2] }], none: null, u: undefined, big: 10n, nan: NaN },
    [new Date(5), new Map([[{ k: 1 }, new Set([1, 'a'])]]), Buffer.from('abc'), new Uint8Array([1, 2])],
    'text',
    42,
  ];

  it('equals what the serializer decodes, and shares no object with its source', () => {
    for (const value of values) {
      const decoded = defaultSerializer.loads(defaultSerializer.dumps(value));
      const copy = copyDecoded(decoded);
      expect(copy).toEqual(decoded);
      if (typeof decoded === 'object' && decoded !== null) expect(copy).not.toBe(decoded);
    }
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const decoded = defaultSerializer.loads('!{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = copyDecoded(decoded) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(copy['__proto__']).not.toBe(decoded['__proto__']);
    expect(copy['__proto__']).toEqual({ polluted: true });
  });
});
