import assert from 'node:assert/strict';
import type { TestRunner } from './backend-suite.js';
import type { SuiteContext } from './suite-context.js';

/** The cases of setNow and touchNow, the synchronous writes a backend declares when it stores in process. */
export function describeWritesNow(t: SuiteContext, { it }: TestRunner): void {
  if (!t.traits.writesNow) {
    it('setNow and touchNow are not offered (every write goes through set and touch)', async () => {
      const b = await t.backend();
      assert.equal(b.setNow, undefined);
      assert.equal(b.touchNow, undefined);
    });
    return;
  }

  it('setNow(key, value, ttl) stores synchronously what get then reads, replacing the entry', async () => {
    const b = await t.backend();
    const key = t.key('sn');
    assert.equal(b.setNow!(key, 'one', 0), undefined);
    assert.equal(await b.get(key), 'one');
    b.setNow!(key, 'two', 60);
    assert.equal(await b.get(key), 'two');
    assert.equal(await b.get(t.key('sn-other')), undefined);
  });

  it('touchNow(key, ttl) answers synchronously whether the key exists, like touch', async () => {
    const b = await t.backend();
    b.setNow!(t.key('tn'), 'v', 60);
    const touched: unknown = b.touchNow!(t.key('tn'), 120);
    assert.equal(touched, true, 'touchNow answers synchronously');
    assert.equal(b.touchNow!(t.key('tn-never-set'), 60), false);
    assert.equal(await b.get(t.key('tn')), 'v');
  });
}
