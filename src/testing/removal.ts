import assert from 'node:assert/strict';
import type { TestRunner } from './backend-suite.js';
import type { SuiteContext } from './suite-context.js';

/** How a backend that cannot enumerate keys refuses deletePattern. */
const NOT_SUPPORTED = { name: 'NotSupportedError', code: 'E_NOT_SUPPORTED' };

const sorted = (keys: readonly string[]): string[] => [...keys].sort();

/** The cases of delete, deleteMany, unlink, clear(prefix) and deletePattern. */
export function describeRemoval(t: SuiteContext, { it }: TestRunner): void {
  it('delete(key) removes the key and resolves whether it existed', async () => {
    const b = await t.backend();
    await b.set(t.key('del'), 'v', 0);
    assert.equal(await b.delete(t.key('del')), true);
    assert.equal(await b.get(t.key('del')), undefined);
    assert.equal(await b.has(t.key('del')), false);
    assert.equal(await b.delete(t.key('del')), false);
    assert.equal(await b.delete(t.key('del-never-set')), false);
  });

  it('deleteMany(keys) removes them and resolves the keys now absent, missing ones included', async () => {
    const b = await t.backend();
    await b.setMany([[t.key('dm1'), '1'], [t.key('dm2'), '2'], [t.key('dm-keep'), 'k']], 0);
    const asked = [t.key('dm1'), t.key('dm2'), t.key('dm-missing')];
    assert.deepEqual(sorted(await b.deleteMany(asked)), sorted(asked));
    assert.deepEqual(await b.getMany([t.key('dm1'), t.key('dm2')]), [undefined, undefined]);
    assert.equal(await b.get(t.key('dm-keep')), 'k');
    assert.deepEqual(await b.deleteMany([]), []);
  });

  if (t.traits.unlink) {
    it('unlink(keys) removes them like deleteMany and resolves the keys now absent', async () => {
      const b = await t.backend();
      assert.equal(typeof b.unlink, 'function');
      await b.setMany([[t.key('ul1'), '1'], [t.key('ul2'), '2'], [t.key('ul-keep'), 'k']], 0);
      const asked = [t.key('ul1'), t.key('ul2'), t.key('ul-missing')];
      assert.deepEqual(sorted(await b.unlink!(asked)), sorted(asked));
      assert.deepEqual(await b.getMany([t.key('ul1'), t.key('ul2'), t.key('ul-keep')]), [undefined, undefined, 'k']);
    });
  } else {
    it('unlink is not offered (the Cache falls back to deleteMany)', async () => {
      assert.equal((await t.backend()).unlink, undefined);
    });
  }

  it('clear(prefix) removes every key of that prefix, resolves true, and leaves other prefixes alone', async () => {
    const b = await t.backend();
    const other = await t.other();
    await b.setMany([[t.key('clr1'), '1'], [t.key('clr2'), '2']], 0);
    await other.set(t.otherKey('clr1'), 'theirs', 0);
    assert.equal(await b.clear(t.prefix), true);
    assert.deepEqual(await b.getMany([t.key('clr1'), t.key('clr2')]), [undefined, undefined]);
    assert.equal(await b.has(t.key('clr1')), false);
    assert.equal(await other.get(t.otherKey('clr1')), 'theirs');
    assert.equal(await b.set(t.key('clr1'), 'again', 0), true);
    assert.equal(await b.get(t.key('clr1')), 'again');
  });

  if (t.traits.deletePattern) {
    it('deletePattern(glob) removes the keys matching *, ? and [ab], resolves how many, and leaves the rest', async () => {
      const b = await t.backend();
      const other = await t.other();
      assert.equal(typeof b.deletePattern, 'function');
      const names = ['glob_1', 'glob_22', 'glob_', 'gl_ob', 'q_a', 'q_b', 'q_cc', 'c_a', 'c_b', 'c_c'];
      await b.setMany(names.map((n) => [t.key(`dp-${n}`), n] as const), 0);
      await other.set(t.otherKey('dp-glob_1'), 'theirs', 0);
      assert.equal(await b.deletePattern!(t.key('dp-glob_*')), 3);
      assert.equal(await b.deletePattern!(t.key('dp-q_?')), 2);
      assert.equal(await b.deletePattern!(t.key('dp-c_[ab]')), 2);
      assert.equal(await b.deletePattern!(t.key('dp-none*')), 0);
      const left = await b.getMany(names.map((n) => t.key(`dp-${n}`)));
      assert.deepEqual(names.filter((_, i) => left[i] !== undefined), ['gl_ob', 'q_cc', 'c_c']);
      assert.equal(await other.get(t.otherKey('dp-glob_1')), 'theirs');
    });
  } else {
    it('deletePattern is not offered: missing, or it rejects with NotSupportedError and removes nothing', async () => {
      const b = await t.backend();
      if (b.deletePattern === undefined) return;
      await b.set(t.key('dp-kept'), 'v', 0);
      await assert.rejects(() => b.deletePattern!(t.key('dp-*')), NOT_SUPPORTED);
      assert.equal(await b.get(t.key('dp-kept')), 'v');
    });
  }
}
