import assert from 'node:assert/strict';
import type { TestRunner } from './backend-suite.js';
import type { SuiteContext } from './suite-context.js';

/** Values a serializer can produce that a careless store mangles: multi-byte text, NUL, line breaks, quotes, nothing. */
const AWKWARD_VALUES: Readonly<Record<string, string>> = {
  unicode: 'æøå ✓ 日本語 🎉',
  nul: 'a\u0000b\u0000',
  newlines: 'one\ntwo\r\nthree\r',
  quotes: `'single' "double" \`back\` \\ slash`,
  empty: '',
  json: '!{"a":[1,"x"],"b":null}',
};

/** A 200 kB value of varied ASCII, so a truncated or reordered read shows. */
const LARGE_VALUE: string = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(33 + (i % 90))).join('');

/** The cases of get, getMany, set, setMany, has and add. */
export function describeReadsAndWrites(t: SuiteContext, { it }: TestRunner): void {
  it('set(key, value, ttl) stores and resolves true; get reads it back, and a missing key is undefined', async () => {
    const b = await t.backend();
    assert.equal(await b.set(t.key('rw'), 'hello', 0), true);
    assert.equal(await b.get(t.key('rw')), 'hello');
    assert.equal(await b.set(t.key('rw'), 'again', 60), true);
    assert.equal(await b.get(t.key('rw')), 'again');
    assert.equal(await b.get(t.key('rw-never-set')), undefined);
  });

  it('getMany(keys) answers in key order, with undefined for misses and [] for no keys', async () => {
    const b = await t.backend();
    await b.set(t.key('gm1'), 'one', 0);
    await b.set(t.key('gm3'), 'three', 0);
    const keys = ['gm1', 'gm2', 'gm3', 'gm1'].map((k) => t.key(k));
    assert.deepEqual(await b.getMany(keys), ['one', undefined, 'three', 'one']);
    assert.deepEqual(await b.getMany([t.key('gm-none')]), [undefined]);
    assert.deepEqual(await b.getMany([]), []);
  });

  it('setMany(entries, ttl) stores every entry and resolves the keys stored', async () => {
    const b = await t.backend();
    const entries = [[t.key('sm1'), '1'], [t.key('sm2'), 'two'], [t.key('sm3'), '']] as const;
    assert.deepEqual(await b.setMany(entries, 60), entries.map(([k]) => k));
    assert.deepEqual(await b.getMany(entries.map(([k]) => k)), ['1', 'two', '']);
    assert.deepEqual(await b.setMany([[t.key('sm1'), 'new']], 0), [t.key('sm1')]);
    assert.equal(await b.get(t.key('sm1')), 'new');
  });

  it('has(key) is true for a stored key, even with an empty value, and false for a missing one', async () => {
    const b = await t.backend();
    await b.set(t.key('has'), 'v', 0);
    await b.set(t.key('has-empty'), '', 0);
    assert.equal(await b.has(t.key('has')), true);
    assert.equal(await b.has(t.key('has-empty')), true);
    assert.equal(await b.has(t.key('has-never-set')), false);
  });

  it('add(key, value, ttl) stores only when the key is absent and never overwrites', async () => {
    const b = await t.backend();
    assert.equal(await b.add(t.key('add'), 'first', 60), true);
    assert.equal(await b.add(t.key('add'), 'second', 60), false);
    assert.equal(await b.get(t.key('add')), 'first');
    await b.delete(t.key('add'));
    assert.equal(await b.add(t.key('add'), 'third', 0), true);
    assert.equal(await b.get(t.key('add')), 'third');
  });

  if (t.traits.atomic) {
    it('10 concurrent add()s of one key have exactly one winner, whose value is stored', async () => {
      const b = await t.backend();
      const won = await Promise.all(Array.from({ length: 10 }, (_, i) => b.add(t.key('add-race'), `v${i}`, 60)));
      assert.equal(won.filter(Boolean).length, 1, `winners: ${won.map((w, i) => (w ? i : '')).join(' ')}`);
      assert.equal(await b.get(t.key('add-race')), `v${won.indexOf(true)}`);
    });
  } else {
    it('concurrent add()s of one key (not atomic here) leave one of the winners\' values stored', async () => {
      const b = await t.backend();
      const won = await Promise.all(Array.from({ length: 10 }, (_, i) => b.add(t.key('add-race'), `v${i}`, 60)));
      assert.ok(won.some(Boolean), 'at least one add stores');
      const winners = won.flatMap((w, i) => (w ? [`v${i}`] : []));
      assert.ok(winners.includes((await b.get(t.key('add-race'))) ?? ''), 'the stored value is a winner\'s');
    });
  }

  it('values come back exactly as stored: unicode, NUL, line breaks, quotes and the empty string', async () => {
    const b = await t.backend();
    const names = Object.keys(AWKWARD_VALUES);
    for (const name of names) assert.equal(await b.set(t.key(`val-${name}`), AWKWARD_VALUES[name]!, 0), true);
    for (const name of names) assert.equal(await b.get(t.key(`val-${name}`)), AWKWARD_VALUES[name], name);
    assert.deepEqual(await b.getMany(names.map((n) => t.key(`val-${n}`))), Object.values(AWKWARD_VALUES));
    await b.setMany(names.map((n) => [t.key(`valm-${n}`), AWKWARD_VALUES[n]!] as const), 0);
    assert.deepEqual(await b.getMany(names.map((n) => t.key(`valm-${n}`))), Object.values(AWKWARD_VALUES));
  });

  it('a 200 kB value round-trips through set, get and getMany', async () => {
    const b = await t.backend();
    assert.equal(await b.set(t.key('large'), LARGE_VALUE, 0), true);
    assert.equal(await b.get(t.key('large')), LARGE_VALUE);
    assert.deepEqual(await b.getMany([t.key('large'), t.key('large-none')]), [LARGE_VALUE, undefined]);
  });

  it('keys with unicode, spaces, line breaks and quotes are distinct keys', async () => {
    const b = await t.backend();
    const keys = ['ключ 🎉', 'a key', 'a\nkey', 'a "key"', 'a', `a${'x'.repeat(300)}`].map((k) => t.key(`k-${k}`));
    await b.setMany(keys.map((k, i) => [k, `v${i}`] as const), 0);
    assert.deepEqual(await b.getMany(keys), keys.map((_, i) => `v${i}`));
    assert.equal(await b.get(t.key('k-a key ')), undefined);
  });
}
