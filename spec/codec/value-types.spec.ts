import { describe, expect, it } from 'vitest';
import { Cache, defaultSerializer as s } from '../../src/index.js';
import { DecodeMemo } from '../../src/codec/decode-memo.js';

const roundTrip = <T>(value: T): unknown => s.loads(s.dumps(value));
const quiet = { warn: (): void => {}, error: (): void => {} };

describe('values that used to be stored as {}', () => {
  it('a RegExp round-trips with its source and flags', () => {
    const back = roundTrip({ re: /^a+\/b$/giu }) as { re: RegExp };
    expect(back.re).toBeInstanceOf(RegExp);
    expect(back.re.source).toBe('^a+\\/b$');
    expect(back.re.flags).toBe('giu');
  });

  it('an Error round-trips as data: its class (by name), message, cause and own properties, not its stack', () => {
    const original = Object.assign(new TypeError('bad input', { cause: new Error('root') }), { code: 'E_INPUT', status: 400 });
    const back = roundTrip(original) as TypeError & { code: string; status: number; cause: Error };
    expect(back).toBeInstanceOf(TypeError);
    expect(back.message).toBe('bad input');
    expect(back.code).toBe('E_INPUT');
    expect(back.status).toBe(400);
    expect(back.cause).toBeInstanceOf(Error);
    expect(back.cause.message).toBe('root');
    expect(back.stack).toBe('TypeError: bad input');
    class NotFound extends Error {
      override name = 'NotFound';
    }
    const custom = roundTrip(new NotFound('gone')) as Error;
    expect(custom).toBeInstanceOf(Error);
    expect([custom.name, custom.message]).toEqual(['NotFound', 'gone']);
  });

  it.each([
    ['a Promise', Promise.resolve(1)],
    ['a WeakMap', new WeakMap()],
    ['a WeakSet', new WeakSet()],
    ['a WeakRef', new WeakRef({})],
    ['an ArrayBuffer', new ArrayBuffer(4)],
    ['a Float64Array', new Float64Array([1.5])],
    ['a DataView', new DataView(new ArrayBuffer(2))],
    ['a generator', (function* gen() {})()],
    ['a Map iterator', new Map().keys()],
  ])('%s is a TypeError at set(), never a silent {}', async (_name, value) => {
    expect(() => s.dumps(value)).toThrow(TypeError);
    expect(() => s.dumps({ nested: [value] })).toThrow(TypeError);
    const cache = new Cache({ type: 'SimpleCache', logger: quiet });
    await expect(cache.set('k', value)).rejects.toThrow(TypeError);
    expect(await cache.has('k')).toBe(false);
  });

  it('values nested deeper than 512 levels, or bigints of more than 20,000 digits, are refused at set', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 600; i++) deep = [deep];
    expect(() => s.dumps(deep)).toThrow(/nested deeper/);
    expect(() => s.dumps(10n ** 20_000n)).toThrow(/digits/);
    expect(roundTrip(-(10n ** 19_999n))).toBe(-(10n ** 19_999n));
  });
});

describe('DecodeMemo holds a bounded amount of decoded data', () => {
  it('texts that each decode to hundreds of objects keep the memo within its byte budget', () => {
    const memo = new DecodeMemo();
    for (let i = 0; i < 3000; i++) {
      const text = `!{"i":${i},"a":[${Array.from({ length: 160 }, () => '{}').join(',')}]}`;
      expect((memo.loads(text) as { a: unknown[] }).a).toHaveLength(160);
    }
    expect(memo.retainedBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
  });
});
