import assert from 'node:assert/strict';
import type { TestRunner } from './backend-suite.js';
import type { SuiteContext } from './suite-context.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The cases of peek, the synchronous read a backend declares when it answers in process (its expiry case is with the others). */
export function describePeek(t: SuiteContext, { it }: TestRunner): void {
  if (!t.traits.peek) {
    it('peek is not offered (every read goes through get)', async () => {
      assert.equal((await t.backend()).peek, undefined);
    });
    return;
  }

  it("peek(key, now) hands out an entry whose value equals get's, after set, setMany, add, inc and delete", async () => {
    const b = await t.backend();
    assert.equal(typeof b.peek, 'function');
    const both = async (name: string) => {
      const key = t.key(name);
      const entry = b.peek!(key, Date.now());
      assert.ok(!(entry instanceof Promise), 'peek answers synchronously');
      return [entry?.value, await b.get(key)];
    };
    await b.set(t.key('pk'), 'one', 0);
    assert.deepEqual(await both('pk'), ['one', 'one']);
    await b.set(t.key('pk'), 'two', 60);
    assert.deepEqual(await both('pk'), ['two', 'two']);
    await b.setMany([[t.key('pk-many'), 'many']], 0);
    assert.deepEqual(await both('pk-many'), ['many', 'many']);
    await b.add(t.key('pk-added'), 'added', 0);
    assert.deepEqual(await both('pk-added'), ['added', 'added']);
    await b.set(t.key('pk-n'), '1', 0);
    await b.inc(t.key('pk-n'), 2);
    assert.deepEqual(await both('pk-n'), ['3', '3']);
    await b.delete(t.key('pk'));
    assert.deepEqual(await both('pk'), [undefined, undefined]);
  });

  it('peek(key, now) is undefined for a missing key and for an entry expired at `now`', async () => {
    const b = await t.backend();
    assert.equal(b.peek!(t.key('pk-never-set'), Date.now()), undefined);
    await b.set(t.key('pk-short'), 'v', 1);
    await b.set(t.key('pk-minute'), 'v', 60);
    await b.set(t.key('pk-forever'), 'v', 0);
    assert.equal(b.peek!(t.key('pk-minute'), Date.now() + 1500)?.value, 'v');
    assert.equal(b.peek!(t.key('pk-forever'), Date.now() + YEAR_MS)?.value, 'v');
    assert.equal(b.peek!(t.key('pk-short'), Date.now() + 1500), undefined);
  });
}
