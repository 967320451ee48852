import type { Environment, Extension } from 'nunjucks';
import type { Cache } from '../cache.js';
import { fragmentKey } from '../keys/view-key.js';
import { describeValue } from '../errors.js';
import { checkTimeout } from '../timeout.js';

export { makeTemplateFragmentKey } from '../keys/view-key.js';

type RenderBody = (callback: (error: Error | null, html?: string) => void) => void;
type Done = (error: Error | null, html?: string) => void;

/** The parts of nunjucks' undocumented parser API the tag uses. */
interface Parser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseSignature(tolerant: null, noParens: true): { children: unknown[] };
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): unknown;
  fail(message: string, lineno?: number, colno?: number): never;
  tokens: { str: string };
}
interface Nodes {
  Literal: new (lineno: number, colno: number, value: unknown) => unknown;
  KeywordArgs: abstract new (...args: never[]) => unknown;
  CallExtensionAsync: new (ext: object, prop: string, args: unknown, contentArgs: unknown[]) => unknown;
}

/**
 * The `{% cache timeout[, name[, vary...]] %}...{% endcache %}` tag with Flask-Caching's semantics:
 * the body is stored under `makeTemplateFragmentKey(name, vary)`; `none` means the default
 * timeout; `'del'` deletes the entry and renders uncached; without a name (or with `none`), the
 * template name plus the line number is used (`None<line>` for string templates, as in Flask). Vary
 * values follow makeTemplateFragmentKey: an undefined one or an object without `[cacheIdentity]()`
 * fails the render with a TypeError. A backend error renders the body uncached. The tag is asynchronous: render with a callback (Express's `res.render` does).
 *
 * @example
 * const ext = CacheExtension.install(env, cache);
 * // {% cache 300, 'sidebar', user.id %}...{% endcache %}
 */
export class CacheExtension implements Extension {
  /** The tag names this extension parses. */
  readonly tags = ['cache'];
  /** Fragments are already escaped by their own rendering; escaping them again would double it. */
  readonly autoescape = false;
  readonly #cache: Cache;
  #loaded: { name: string; src: string } | undefined;

  constructor(cache: Cache) {
    if (typeof cache?.get !== 'function') throw new TypeError('new CacheExtension(cache): the argument must be a Cache');
    this.#cache = cache;
  }

  /** Adds the extension to `env` and learns template names, so unnamed fragments key by template and line. */
  static install(env: Environment, cache: Cache): CacheExtension {
    const extension = new CacheExtension(cache);
    env.addExtension('CacheExtension', extension);
    env.on('load', (name, source) => extension.templateLoaded(name, source.src));
    return extension;
  }

  /** Records a template's name just before nunjucks compiles its source (the loader's `load` event). */
  templateLoaded(name: string, src: string): void {
    this.#loaded = { name, src };
  }

  /** Parses the tag into an asynchronous call of `run`. */
  parse(parser: Parser, nodes: Nodes): unknown {
    const token = parser.nextToken();
    const args = parser.parseSignature(null, true);
    if (args.children.some((arg) => arg instanceof nodes.KeywordArgs)) {
      parser.fail('cache tag: arguments are positional: {% cache timeout, name, vary... %}', token.lineno, token.colno);
    }
    parser.advanceAfterBlockEnd(token.value);
    const body = parser.parseUntilBlocks('endcache');
    parser.advanceAfterBlockEnd();
    // Compilation follows the loader's load synchronously, so a matching source names this template.
    const template = this.#loaded?.src === parser.tokens.str ? this.#loaded.name : 'None';
    args.children.unshift(new nodes.Literal(token.lineno, token.colno, `${template}${token.lineno + 1}`));
    return new nodes.CallExtensionAsync(this, 'run', args, [body]);
  }

  /** Renders one fragment: `(context, defaultName, timeout?, name?, ...vary, body, done)`. */
  run(_context: unknown, defaultName: string, ...rest: unknown[]): void {
    const done = rest.pop() as Done;
    const body = rest.pop() as RenderBody;
    const [timeout, name, ...vary] = rest;
    let key: string;
    const fragment = name === undefined || name === null ? defaultName : String(name);
    try {
      if (timeout !== 'del' && timeout !== null) checkTimeout(timeout, 'cache tag timeout');
      // No name, or `none`, keys by template and line; a name that evaluates to undefined is an
      // error like any undefined vary value, never one fragment shared by every caller.
      const unnamed = rest.length < 2 || name === null;
      key = fragmentKey(unnamed ? defaultName : name, vary, 'cache tag');
    } catch (error) {
      done(error as Error);
      return;
    }
    this.#render(`fragment:${fragment}`, key, timeout === 'del' ? 'del' : ((timeout ?? undefined) as number | undefined), body).then(
      (html) => done(null, html),
      (error: unknown) => done(error instanceof Error ? error : new Error(describeValue(error))),
    );
  }

  /** Renders through the cache; outcomes count under `label` (`fragment:<name>`, vary values left out to keep the names few). */
  async #render(label: string, key: string, timeout: number | 'del' | undefined, body: RenderBody): Promise<string> {
    const cache = this.#cache;
    const renderBody = () => new Promise<string>((resolve, reject) => body((error, html) => (error ? reject(error) : resolve(html ?? ''))));
    if (timeout === 'del') {
      try {
        await cache.delete(key);
      } catch (error) {
        cache.reportError(error, { kind: 'fragment', key }, label);
      }
      return renderBody();
    }
    try {
      const cached = await cache.get(key);
      if (typeof cached === 'string') {
        cache.outcomes.recordHit(label, 'shared', key);
        cache.events.emit('hit', { kind: 'fragment', key });
        return cached;
      }
      cache.outcomes.recordMiss(label, key);
      cache.events.emit('miss', { kind: 'fragment', key });
    } catch (error) {
      cache.reportError(error, { kind: 'fragment', key }, label);
      return renderBody();
    }
    const html = await renderBody();
    try {
      await cache.set(key, html, timeout);
    } catch (error) {
      cache.reportError(error, { kind: 'fragment', key }, label);
    }
    return html;
  }
}
