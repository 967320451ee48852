import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultSerializer } from '../../src/index.js';
import { memoizeKeyParts, type MemoizeKeySpec } from '../../src/keys/memoize-key.js';
import { reprArgs } from '../../src/keys/repr.js';
import { copyDecoded } from '../../src/codec/value-copy.js';

const spec = (): MemoizeKeySpec => ({ placement: 'function', params: [], ignored: new Set(), ignoreThis: false, makeName: undefined });
const b64 = (text: string) => createHash('sha256').update(text).digest('base64').slice(0, 16);

describe('remembered argument hashes', () => {
  const calls: unknown[][] = [[1, 'x'], [0], [-0], ['0'], [0n], [null], [undefined, 1], [true], ['true'], [NaN], [Infinity], [1, 'x', 2], ['é"\\'], []];

  it('a remembered hash equals the one built from repr, for every kind of primitive', () => {
    const s = spec();
    for (let round = 0; round < 3; round++) {
      for (const args of calls) expect(memoizeKeyParts(s, 'f', 'sha256', undefined, args, undefined).hash).toBe(b64(`f${reprArgs(args, 'f')}`));
    }
  });

  it('stays correct after the memo fills up and is dropped', () => {
    const s = spec();
    for (let i = 0; i < 10_000; i++) memoizeKeyParts(s, 'f', 'sha256', undefined, [i, 'a'], undefined);
    for (const i of [0, 5000, 9999]) expect(memoizeKeyParts(s, 'f', 'sha256', undefined, [i, 'a'], undefined).hash).toBe(b64(`f(${i}, "a")`));
  });

  it('a change of hash method is never answered from the memo', () => {
    const s = spec();
    memoizeKeyParts(s, 'f', 'sha256', undefined, [1], undefined);
    const md5 = createHash('md5').update('f(1)').digest('base64').slice(0, 16);
    expect(memoizeKeyParts(s, 'f', 'md5', undefined, [1], undefined).hash).toBe(md5);
  });

  it('object arguments are hashed each time, so a mutated object gets its new key', () => {
    const s = spec();
    const arg = { a: 1 };
    const before = memoizeKeyParts(s, 'f', 'sha256', undefined, [arg], undefined).hash;
    arg.a = 2;
    expect(memoizeKeyParts(s, 'f', 'sha256', undefined, [arg], undefined).hash).not.toBe(before);
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
