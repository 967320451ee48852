import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Cache, defaultSerializer as s } from '../../src/index.js';

const roundTrip = <T>(value: T): unknown => s.loads(s.dumps(value));

describe('defaultSerializer', () => {
  it.each([
    ['a string', 'hello'],
    ['an empty string', ''],
    ['a string of digits', '42'],
    ['a string that looks tagged', '!{"$t":"u"}'],
    ['a string with quotes and backslashes', 'say "hi" \\ bye'],
    ['a string with a newline and a tab', 'a\nb\tc'],
    ['a string of one quote', '"'],
    ['unicode text', 'æøå ✓ 🎉'],
    ['an integer', 42],
    ['a negative integer', -7],
    ['a float', 1.5],
    ['an unsafe integer', 2 ** 60],
    ['true', true],
    ['false', false],
    ['null', null],
    ['undefined', undefined],
    ['a bigint', 12345678901234567890n],
    ['an array', [1, 'two', null, [3]]],
    ['a plain object', { a: 1, b: { c: 'd' } }],
  ])('round-trips %s', (_name, value) => {
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it('round-trips NaN, Infinity, -Infinity and -0', () => {
    expect(roundTrip(Number.NaN)).toBeNaN();
    expect(roundTrip(Infinity)).toBe(Infinity);
    expect(roundTrip(-Infinity)).toBe(-Infinity);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(roundTrip({ n: [Number.NaN, -0] })).toStrictEqual({ n: [Number.NaN, -0] });
  });

  it('round-trips Date, Map, Set, Buffer and Uint8Array', () => {
    const date = new Date('2024-05-06T07:08:09.010Z');
    expect(roundTrip(date)).toStrictEqual(date);
    const map = new Map<unknown, unknown>([['a', 1], [2, new Date(0)], [{ k: 1 }, [1]]]);
    expect(roundTrip(map)).toStrictEqual(map);
    expect(roundTrip(new Set([1, 'a', null]))).toStrictEqual(new Set([1, 'a', null]));
    const buffer = roundTrip(Buffer.from([0, 1, 255]));
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(buffer).toStrictEqual(Buffer.from([0, 1, 255]));
    const bytes = roundTrip(new Uint8Array([9, 8, 7]).subarray(1));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
    expect([...(bytes as Uint8Array)]).toEqual([8, 7]);
  });

  it('round-trips nested structures', () => {
    const value = {
      when: new Date(1),
      tags: new Set(['x']),
      index: new Map([['k', { big: 1n, list: [new Uint8Array([1]), undefined] }]]),
      $t: 'a user key named like the tag',
    };
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it('class instances come back as plain data', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
      norm() {
        return Math.hypot(this.x, this.y);
      }
    }
    const back = roundTrip(new Point(3, 4));
    expect(back).toStrictEqual({ x: 3, y: 4 });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('stores safe integers as bare digits, so inc/dec work on them', async () => {
    expect(s.dumps(42)).toBe('42');
    expect(s.dumps(-7)).toBe('-7');
    expect(s.dumps(1.5)).not.toBe('1.5');
    expect(s.loads('42')).toBe(42);
    const cache = new Cache({ type: 'SimpleCache' });
    await cache.set('n', 41);
    expect(await cache.inc('n')).toBe(42);
    expect(await cache.get('n')).toBe(42);
  });

  it('reads strings other clients wrote without the mark as text', () => {
    expect(s.loads('Awesome')).toBe('Awesome');
    expect(s.loads('12345678901234567890')).toBe('12345678901234567890');
  });

  it('keeps a "__proto__" key as data on both ways, never as a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a crafted "__proto__" in stored text does not pollute prototypes', () => {
    const back = s.loads('!{"$t":"o","v":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('deserialization never executes code', () => {
    const g = globalThis as Record<string, unknown>;
    const payloads = [
      '!{"$t":"f","v":"globalThis.__pwned = 1"}',
      '!{"toString":"globalThis.__pwned = 1","valueOf":{"$t":"f"}}',
      '!"(() => { globalThis.__pwned = 1 })()"',
      '!{"constructor":{"prototype":{"__pwned":1}}}',
    ];
    for (const raw of payloads) {
      try {
        s.loads(raw);
      } catch {
        // An unknown tag is undecodable (a miss for the Cache); what matters is that nothing ran.
      }
    }
    expect(g['__pwned']).toBeUndefined();
    expect(({} as Record<string, unknown>)['__pwned']).toBeUndefined();
  });

  it('refuses functions, symbols and circular values with TypeError', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(() => s.dumps(() => 1)).toThrow(TypeError);
    expect(() => s.dumps({ s: Symbol('x') })).toThrow(TypeError);
    expect(() => s.dumps(loop)).toThrow(TypeError);
  });

  it('shared (non-circular) references are fine', () => {
    const shared = { n: 1 };
    expect(roundTrip([shared, shared])).toStrictEqual([{ n: 1 }, { n: 1 }]);
  });

  it('a Cache treats undecodable stored text as a miss', async () => {
    const warnings: string[] = [];
    const cache = new Cache({ type: 'SimpleCache', logger: { warn: (m: string) => warnings.push(m), error: () => {} } });
    const backend = await cache.backend();
    await backend.set('bad', '!{not json', 0);
    expect(await cache.get('bad')).toBeUndefined();
    expect(warnings.join()).toMatch(/bad/);
  });
});
