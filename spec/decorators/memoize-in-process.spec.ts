import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache, type Serializer, defaultSerializer } from '../../src/index.js';
import { advance, fresh } from '../helpers/memory-cache.js';

describe('in-memory hits answered in place (no promise layers)', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => void vi.useRealTimers());

  it('a hit hands out a copy: mutating what one caller got never changes what the next gets', async () => {
    const cache = fresh();
    let runs = 0;
    const profile = cache.memoize()(async function profile(id: number) {
      runs++;
      return { id, tags: ['a'], nested: { n: 1 }, when: new Date(0), seen: new Set([1]), index: new Map([['k', [1]]]), bytes: Buffer.from('hi') };
    });
    await profile(1);
    const first = await profile(1);
    first.tags.push('mutated');
    first.nested.n = 99;
    first.when.setTime(5);
    first.seen.add(2);
    first.index.get('k')!.push(2);
    first.bytes[0] = 0;
    const second = await profile(1);
    expect(runs).toBe(1);
    expect(second).toEqual({ id: 1, tags: ['a'], nested: { n: 1 }, when: new Date(0), seen: new Set([1]), index: new Map([['k', [1]]]), bytes: Buffer.from('hi') });
    expect(second).not.toBe(first);
  });

  it('an entry past its timeout is a miss, and the function runs again', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize({ timeout: 10 })(async function expiring(a: number) {
      return a + ++runs;
    });
    expect(await f(1)).toBe(2);
    advance(9);
    expect(await f(1)).toBe(2);
    advance(2);
    expect(await f(1)).toBe(3);
  });

  it('emits hit events with the entry key', async () => {
    const cache = fresh();
    const f = cache.memoize()(async function evented(a: number) {
      return a;
    });
    await f(7);
    const keys: string[] = [];
    cache.events.on('hit', (event) => keys.push(event.key));
    await f(7);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.startsWith(await f.makeCacheKey(undefined, 7))).toBe(true);
  });

  it('0 and -0, 1 and "1", 1 and 1n are different calls', async () => {
    const cache = fresh();
    let runs = 0;
    const f = cache.memoize()(async function kinds(a: unknown) {
      runs++;
      return String(Object.is(a, -0) ? '-0' : typeof a === 'bigint' ? `${a}n` : JSON.stringify(a));
    });
    const inputs: unknown[] = [0, -0, 1, '1', 1n, null, true, 'true'];
    for (const a of inputs) await f(a);
    const again = await Promise.all(inputs.map((a) => f(a)));
    expect(runs).toBe(inputs.length);
    expect(again).toEqual(['0', '-0', '1', '"1"', '1n', 'null', 'true', '"true"']);
  });

  it('a stored value the serializer cannot read is reported and recomputed, not returned', async () => {
    const broken: Serializer = { dumps: defaultSerializer.dumps, loads: (raw) => (raw.includes('poison') ? JSON.parse('{') : defaultSerializer.loads(raw)) };
    const warnings: string[] = [];
    const cache = new Cache({ type: 'SimpleCache', serializer: broken, logger: { ...console, warn: (m: string) => warnings.push(m) } });
    let runs = 0;
    const f = cache.memoize()(async function poisoned(a: number) {
      runs++;
      return `poison ${a}`;
    });
    await f(1);
    expect(await f(1)).toBe('poison 1');
    expect(runs).toBe(2);
    expect(warnings.some((m) => m.includes('could not decode'))).toBe(true);
  });

  it('a cache subclass that overrides getMany still sees every hit', async () => {
    class Counting extends Cache {
      reads = 0;
      override getMany<T>(...keys: string[]) {
        this.reads++;
        return super.getMany<T>(...keys);
      }
    }
    const cache = new Counting({ type: 'SimpleCache' });
    const f = cache.memoize()(async function counted(a: number) {
      return a;
    });
    await f(1);
    const before = cache.reads;
    await f(1);
    expect(cache.reads).toBe(before + 1);
  });
});
