import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { BackendError, Cache, cacheIdentity, type CacheErrorEvent } from '../../src/index.js';
import { CacheExtension, makeTemplateFragmentKey } from '../../src/integrations/nunjucks.js';
import { recordingLogger } from '../helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'decocache-njk-'));
writeFileSync(
  join(dir, 'test_template.html'),
  [
    '{% cache 60, "fragment1" %}{{ somevar }}{% endcache %}',
    '{% cache 60, "fragment1", "key1" %}{{ somevar }}{% endcache %}',
    '{% cache 60, "fragment1", "key1", somevar %}{{ somevar }}{% endcache %}',
    '{% cache timeout, "fragment2" %}{{ somevar }}{% endcache %}',
  ].join('\n'),
);
writeFileSync(join(dir, 'unnamed.njk'), 'head\n\n{% cache none %}<b>{{ who }}</b>{% endcache %}');

function setup(cache = new Cache()) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), { autoescape: true });
  CacheExtension.install(env, cache);
  const render = (name: string, context: object) =>
    new Promise<string>((resolve, reject) => env.render(name, context, (error, html) => (error ? reject(error) : resolve(html ?? ''))));
  const renderString = (source: string, context: object) =>
    new Promise<string>((resolve, reject) => env.renderString(source, context, (error, html) => (error ? reject(error) : resolve(html ?? ''))));
  return { cache, env, render, renderString };
}

describe('CacheExtension: {% cache timeout, name, vary... %}', () => {
  it('caches each fragment under makeTemplateFragmentKey(name, vary), as Flask-Caching does', async () => {
    const { cache, render } = setup();
    await render('test_template.html', { somevar: 'X', timeout: 60 });
    for (const key of [
      makeTemplateFragmentKey('fragment1'),
      makeTemplateFragmentKey('fragment1', ['key1']),
      makeTemplateFragmentKey('fragment1', ['key1', 'X']),
      makeTemplateFragmentKey('fragment2'),
    ]) {
      expect(await cache.get(key)).toBe('X');
    }
    expect(makeTemplateFragmentKey('fragment1', ['key1', 'X'])).toBe('_template_fragment_cache_fragment1_key1_X');
  });

  it("timeout 'del' deletes only that fragment and renders it uncached", async () => {
    const { cache, render } = setup();
    await render('test_template.html', { somevar: 'X', timeout: 60 });
    const html = await render('test_template.html', { somevar: 'Y', timeout: 'del' });
    expect(html.split('\n')).toEqual(['X', 'X', 'Y', 'Y']);
    expect(await cache.has(makeTemplateFragmentKey('fragment2'))).toBe(false);
    expect(await cache.has(makeTemplateFragmentKey('fragment1'))).toBe(true);
  });

  it('a second render serves the cached fragment even when the context changed', async () => {
    const { renderString } = setup();
    expect(await renderString('{% cache 60, "fragment3" %}{{ v }}{% endcache %}', { v: 'first' })).toBe('first');
    expect(await renderString('{% cache 60, "fragment3" %}{{ v }}{% endcache %}', { v: 'second' })).toBe('first');
  });

  it('without a name, a string template keys by None<line> and a file by <template name><line>', async () => {
    const { cache, render, renderString } = setup();
    await renderString('{% cache 30 %}string{% endcache %}', {});
    expect(await cache.get(makeTemplateFragmentKey('None1'))).toBe('string');
    await render('unnamed.njk', { who: 'ann' });
    expect(await cache.get(makeTemplateFragmentKey('unnamed.njk3'))).toBe('<b>ann</b>');
  });

  it('extra arguments vary the key: {% cache 30, "fragment4", "fragment5" %}', async () => {
    const { cache, renderString } = setup();
    await renderString('{% cache 30, "fragment4", "fragment5" %}v{% endcache %}', {});
    expect(await cache.get('_template_fragment_cache_fragment4_fragment5')).toBe('v');
  });

  it('escapes once: the fragment is stored and replayed as the body rendered it', async () => {
    const { render } = setup();
    expect(await render('unnamed.njk', { who: '<i>' })).toBe('head\n\n<b>&lt;i&gt;</b>');
    expect(await render('unnamed.njk', { who: 'other' })).toBe('head\n\n<b>&lt;i&gt;</b>');
  });

  it('none uses the default timeout; a number sets it', async () => {
    const timeouts: (number | undefined)[] = [];
    class Recording extends Cache {
      override set(key: string, value: unknown, timeout?: number) {
        timeouts.push(timeout);
        return super.set(key, value, timeout);
      }
    }
    const { renderString } = setup(new Recording());
    await renderString('{% cache none, "a" %}a{% endcache %}{% cache 42, "b" %}b{% endcache %}', {});
    expect(timeouts).toEqual([undefined, 42]);
  });

  it('a backend error renders the body uncached, logs, and emits an error event of kind fragment', async () => {
    class Down extends Cache {
      override async get<T>(): Promise<T | undefined> {
        throw new BackendError('backend down');
      }
    }
    const logger = recordingLogger();
    const { cache, renderString } = setup(new Down({ logger }));
    const events: CacheErrorEvent[] = [];
    cache.events.on('error', (event) => events.push(event));
    expect(await renderString('{% cache 60, "f" %}{{ v }}{% endcache %}', { v: 'live' })).toBe('live');
    expect(events.map((e) => [e.kind, e.key])).toEqual([['fragment', '_template_fragment_cache_f']]);
    expect(logger.lines[0]).toMatch(/fragment ran uncached/);
  });

  it("an object vary value without [cacheIdentity]() fails the render: bob never gets alice's fragment", async () => {
    const { renderString } = setup();
    const tpl = '{% cache 60, "side", user %}{{ user.name }}{% endcache %}';
    await expect(renderString(tpl, { user: { name: 'alice' } })).rejects.toThrow(/cache tag: vary value 0 is an object/);
    await expect(renderString(tpl, { user: { name: 'bob' } })).rejects.toThrow(/fragment keys take strings/);
  });

  it('an undefined vary value or name fails the render with the TypeError', async () => {
    const { renderString } = setup();
    await expect(renderString('{% cache 60, "side", nobody %}x{% endcache %}', {})).rejects.toThrow(/vary value 0 is undefined/);
    await expect(renderString('{% cache 60, nobody %}x{% endcache %}', {})).rejects.toThrow(/fragment name is undefined/);
  });

  it('[cacheIdentity] objects vary by their repr, one fragment per identity', async () => {
    class User {
      constructor(readonly name: string) {}
      [cacheIdentity]() {
        return this.name;
      }
    }
    const { cache, renderString } = setup();
    const tpl = '{% cache 60, "side", user %}{{ user.name }}{% endcache %}';
    expect(await renderString(tpl, { user: new User('alice') })).toBe('alice');
    expect(await renderString(tpl, { user: new User('bob') })).toBe('bob');
    expect(await cache.get('_template_fragment_cache_side_<User "bob">')).toBe('bob');
    expect(await renderString('{% cache 60, "n", 1, true %}num{% endcache %}', {})).toBe('num');
    expect(await cache.get('_template_fragment_cache_n_1_true')).toBe('num');
  });

  it('a bad timeout fails the render with a TypeError naming the tag', async () => {
    const { renderString } = setup();
    await expect(renderString('{% cache "soon", "f" %}x{% endcache %}', {})).rejects.toThrow(/cache tag timeout must be a number/);
  });
});
