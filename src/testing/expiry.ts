import assert from 'node:assert/strict';
import type { Backend } from '../backends/backend.js';
import type { TestRunner } from './backend-suite.js';
import { once, type SuiteContext } from './suite-context.js';

/**
 * How long the suite lets pass after storing its 1-second entries. Memcached counts expiry on a
 * clock that ticks once a second, so an entry lives up to 1 s plus a tick's delay; the margin is
 * for that, and for a loaded machine.
 */
const WAIT_MS = 1500;

/** What the writes made just before the wait resolved, checked by the cases after it. */
interface BeforeWait {
  incUp: number;
  incDown: number;
  incForever: number;
  touched: { longer: boolean; forever: boolean; shorter: boolean; keptForever: boolean };
}

/**
 * Stores `key` for 1 s and runs `followUp` on it right away, storing it again when the entry was
 * already gone: memcached's clock ticks once a second, so a 1-second entry may live only a few ms.
 * A backend that keeps getting it wrong still hands its last answer to the case to judge.
 */
async function storeBriefly<T>(b: Backend, key: string, value: string, followUp: () => Promise<T>, expected: T): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await b.set(key, value, 1);
    const result = await followUp();
    if (result === expected || attempt === 3) return result;
  }
}

/** Stores every entry the expiry cases look at, then lets time pass once for all of them. */
async function storeThenWait(t: SuiteContext, b: Backend): Promise<BeforeWait> {
  const k = (name: string) => t.key(`x-${name}`);
  await Promise.all([
    b.set(k('set'), 'v', 1),
    b.setMany([[k('many1'), 'v'], [k('many2'), 'v']], 1),
    b.add(k('add'), 'v', 1),
    b.set(k('zero'), 'v', 0),
    b.setMany([[k('zero-many'), 'v']], 0),
    b.add(k('zero-add'), 'v', 0),
    b.set(k('expired-inc'), '5', 1),
    b.set(k('inc-forever'), '5', 0),
    b.set(k('touch-shorter'), 'v', 60),
    b.set(k('touch-kept-forever'), 'v', 0),
    ...['expired-add', 'expired-touch', 'expired-delete'].map((name) => b.set(k(name), 'v', 1)),
  ]);
  const [incUp, incDown, incForever, longer, forever, shorter, keptForever] = await Promise.all([
    storeBriefly(b, k('inc-up'), '5', () => b.inc(k('inc-up'), 1), 6),
    storeBriefly(b, k('inc-down'), '5', () => b.inc(k('inc-down'), -2), 3),
    b.inc(k('inc-forever'), 1),
    storeBriefly(b, k('touch-longer'), 'v', () => b.touch(k('touch-longer'), 60), true),
    storeBriefly(b, k('touch-forever'), 'v', () => b.touch(k('touch-forever'), 0), true),
    b.touch(k('touch-shorter'), 1),
    b.touch(k('touch-kept-forever'), 1),
  ]);
  await t.elapse(WAIT_MS);
  return { incUp, incDown, incForever, touched: { longer, forever, shorter, keptForever } };
}

/** The expiry cases, which share one wait (or one move of the injected clock). */
export function describeExpiry(t: SuiteContext, { describe, it, afterAll }: TestRunner): void {
  describe('expiry (ttl in whole seconds, 0 = never)', () => {
    afterAll?.(() => t.restoreClock());
    const ready = once(async () => {
      const b = await t.backend();
      return { b, before: await storeThenWait(t, b), k: (name: string) => t.key(`x-${name}`) };
    });

    it('an entry stored for 1 s by set, setMany or add is gone after it: get, getMany and has miss it', async () => {
      const { b, k } = await ready();
      assert.equal(await b.get(k('set')), undefined);
      assert.deepEqual(await b.getMany([k('many1'), k('set'), k('add'), k('many2')]), [undefined, undefined, undefined, undefined]);
      assert.deepEqual(await Promise.all(['set', 'many1', 'add'].map((n) => b.has(k(n)))), [false, false, false]);
      if (t.traits.peek) assert.equal(b.peek!(k('add'), Date.now()), undefined);
    });

    it('an entry stored with ttl 0 by set, setMany or add never expires', async () => {
      const { b, k } = await ready();
      assert.deepEqual(await b.getMany([k('zero'), k('zero-many'), k('zero-add')]), ['v', 'v', 'v']);
      assert.equal(await b.has(k('zero')), true);
    });

    it(
      t.traits.negativeIncDropsExpiry
        ? 'inc keeps the expiry for a positive delta; a negative one leaves the counter without expiry (declared)'
        : 'inc keeps the expiry: a counter stored for 1 s still expires after a positive or a negative delta',
      async () => {
        const { b, k, before } = await ready();
        assert.deepEqual([before.incUp, before.incDown, before.incForever], [6, 3, 6]);
        assert.equal(await b.get(k('inc-up')), undefined, 'after inc(key, 1)');
        assert.equal(await b.get(k('inc-down')), t.traits.negativeIncDropsExpiry ? '3' : undefined, 'after inc(key, -2)');
        assert.equal(await b.get(k('inc-forever')), '6', 'a counter without expiry keeps none');
      },
    );

    it('touch(key, ttl) extends an entry that was about to expire', async () => {
      const { b, k, before } = await ready();
      assert.equal(before.touched.longer, true);
      assert.equal(await b.get(k('touch-longer')), 'v');
    });

    it('touch(key, 0) makes an entry never expire', async () => {
      const { b, k, before } = await ready();
      assert.equal(before.touched.forever, true);
      assert.equal(await b.get(k('touch-forever')), 'v');
    });

    it(
      t.traits.touchSetsExpiry
        ? 'touch sets the expiry exactly (declared): an entry with a longer ttl, or with none, expires after touch(key, 1)'
        : 'touch never shortens: an entry with a longer ttl, or with none, outlives touch(key, 1)',
      async () => {
        const { b, k, before } = await ready();
        assert.deepEqual([before.touched.shorter, before.touched.keptForever], [true, true]);
        const kept = t.traits.touchSetsExpiry ? undefined : 'v';
        assert.equal(await b.get(k('touch-shorter')), kept, 'stored for 60 s, touched for 1 s');
        assert.equal(await b.get(k('touch-kept-forever')), kept, 'stored without expiry, touched for 1 s');
      },
    );

    it('an expired key counts as absent: add stores over it, inc counts from 0, touch and delete resolve false', async () => {
      const { b, k } = await ready();
      assert.equal(await b.add(k('expired-add'), 'new', 0), true);
      assert.equal(await b.get(k('expired-add')), 'new');
      assert.equal(await b.inc(k('expired-inc'), 1), 1);
      assert.equal(await b.touch(k('expired-touch'), 60), false);
      assert.equal(await b.get(k('expired-touch')), undefined);
      assert.equal(await b.delete(k('expired-delete')), false);
    });
  });
}
