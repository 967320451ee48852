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

  it('setDecodedNow(key, decoded, encode, ttl), when offered: peek hands out the value, get reads encode(value), encoded once', async () => {
    const b = await t.backend();
    if (b.setDecodedNow === undefined) return;
    const key = t.key('sdn');
    let encoded = 0;
    const encode = (value: unknown) => (encoded++, JSON.stringify(value));
    b.setDecodedNow(key, { n: 1 }, encode, 60);
    if (b.peek !== undefined) {
      const entry = b.peek(key, Date.now());
      assert.deepEqual(entry?.decoded, { raw: undefined, value: { n: 1 } });
      assert.equal(encoded, 0, 'a value only read in place is not encoded');
    }
    assert.equal(await b.get(key), '{"n":1}');
    assert.equal(await b.get(key), '{"n":1}');
    assert.equal(encoded, 1);
    await b.set(key, '{"n":2}', 60);
    assert.equal(await b.get(key), '{"n":2}');
    b.setDecodedNow(t.key('sdn-count'), 5, String, 60);
    assert.equal(await b.inc(t.key('sdn-count'), 2), 7);
    assert.equal(b.peek?.(t.key('sdn-count'), Date.now())?.decoded, undefined, 'a rewrite drops the decoded value');
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
