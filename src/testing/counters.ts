import assert from 'node:assert/strict';
import type { TestRunner } from './backend-suite.js';
import type { SuiteContext } from './suite-context.js';

/** How every backend refuses to count on a value that is not an integer. */
const NOT_AN_INTEGER = { name: 'NotAnIntegerError', code: 'E_NOT_INTEGER' };

/** The cases of inc and touch that need no waiting (their expiry cases live with the others). */
export function describeCounters(t: SuiteContext, { it }: TestRunner): void {
  it('inc(key, delta) on a missing key counts from 0 and stores the result as a string', async () => {
    const b = await t.backend();
    assert.equal(await b.inc(t.key('inc-new'), 5), 5);
    assert.equal(await b.get(t.key('inc-new')), '5');
    assert.equal(await b.inc(t.key('inc-new-negative'), -4), -4);
    assert.equal(await b.get(t.key('inc-new-negative')), '-4');
  });

  it('inc adds positive and negative deltas to a stored integer and resolves the new value', async () => {
    const b = await t.backend();
    await b.set(t.key('inc'), '41', 0);
    assert.equal(await b.inc(t.key('inc'), 1), 42);
    assert.equal(await b.inc(t.key('inc'), -50), -8);
    assert.equal(await b.inc(t.key('inc'), -2), -10);
    assert.equal(await b.inc(t.key('inc'), 25), 15);
    assert.equal(await b.inc(t.key('inc'), 0), 15);
    assert.equal(await b.get(t.key('inc')), '15');
  });

  it('inc rejects with NotAnIntegerError on a value that is not an integer, and leaves the value alone', async () => {
    const b = await t.backend();
    for (const [name, value] of [['text', 'abc'], ['fraction', '1.5'], ['json', '!"7"']] as const) {
      await b.set(t.key(`inc-${name}`), value, 0);
      await assert.rejects(() => b.inc(t.key(`inc-${name}`), 1), NOT_AN_INTEGER, name);
      await assert.rejects(() => b.inc(t.key(`inc-${name}`), -1), NOT_AN_INTEGER, name);
      assert.equal(await b.get(t.key(`inc-${name}`)), value);
    }
  });

  if (t.traits.atomic) {
    it('20 concurrent inc()s of one key all count', async () => {
      const b = await t.backend();
      const results = await Promise.all(Array.from({ length: 20 }, () => b.inc(t.key('inc-race'), 1)));
      assert.deepEqual([...results].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.equal(await b.get(t.key('inc-race')), '20');
    });
  }

  it('touch(key, ttl) resolves false for a missing key and true for a stored one, whose value stays', async () => {
    const b = await t.backend();
    assert.equal(await b.touch(t.key('touch-never-set'), 60), false);
    assert.equal(await b.touch(t.key('touch-never-set'), 0), false);
    assert.equal(await b.has(t.key('touch-never-set')), false);
    await b.set(t.key('touch'), 'v', 60);
    assert.equal(await b.touch(t.key('touch'), 120), true);
    assert.equal(await b.touch(t.key('touch'), 0), true);
    assert.equal(await b.get(t.key('touch')), 'v');
  });
}
