import type { HashMethod } from '../types.js';
import { describeValue } from '../errors.js';
import { hexDigest } from './hash.js';
import { hasStableIdentity, type CacheIdentifiable } from './identity.js';
import { repr } from './repr.js';

/** Query arguments as a string (`'a=1&b=2'`, leading `?` allowed), a record, or a list of pairs. */
export type QueryArgs = string | Record<string, unknown> | Iterable<readonly [string, unknown]> | URLSearchParams;

/** Normalizes query arguments to `[key, value]` string pairs, repeated keys kept. */
export function queryPairs(args: QueryArgs | undefined): [string, string][] {
  if (args === undefined) return [];
  if (typeof args === 'string') return [...new URLSearchParams(args.replace(/^\?/, ''))];
  if (args instanceof URLSearchParams) return [...args];
  const entries: Iterable<readonly [string, unknown]> =
    Symbol.iterator in args ? (args as Iterable<readonly [string, unknown]>) : Object.entries(args);
  const pairs: [string, string][] = [];
  for (const [k, v] of entries) {
    if (Array.isArray(v)) for (const item of v) pairs.push([k, String(item)]);
    else if (v !== undefined) pairs.push([k, String(v)]);
  }
  return pairs;
}

/**
 * The hex digest Flask-Caching 2.5 appends for `query_string=True`: the hash of Python's repr of
 * the pairs sorted as Python sorts them, e.g. `(('a', '0'), ('a', '1'), ('b', '2'))`, so keys
 * match Flask's byte for byte.
 */
export function queryStringDigest(pairs: [string, string][], method: HashMethod, source?: string): string {
  const sorted = [...pairs].sort(([ak, av], [bk, bv]) => compareCodePoints(ak, bk) || compareCodePoints(av, bv));
  const items = sorted.map(([k, v]) => `(${pyStr(k)}, ${pyStr(v)})`);
  const tuple = items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  return hexDigest(method, source === undefined ? tuple : tuple + source);
}

/**
 * Orders strings by code point, as Python does. JavaScript's `<` compares UTF-16 units, which
 * puts an astral character (a surrogate pair, 0xD800-0xDFFF) before U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates move above the rest of the BMP; both halves of a pair shift alike.
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

// Python's repr escapes what str.isprintable() rejects: categories C* (control, format, surrogate,
// private use, unassigned) and Z* (separators) except the space, plus the backslash and the quote.
const PY_ESCAPED = /[\p{C}\p{Z}\\'"]/gu;
const PY_NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', ' ': ' ' };

/**
 * Python's `repr()` of a str: single quotes unless the text has `'` and no `"`, and every
 * non-printable character escaped as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`. Which code points are
 * unassigned follows this runtime's Unicode version (Node's ICU), as Python's follows its own.
 */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(PY_ESCAPED, (ch) => {
    if (ch === quote) return `\\${quote}`;
    if (ch === "'" || ch === '"') return ch;
    const named = PY_NAMED[ch];
    if (named !== undefined) return named;
    const code = ch.codePointAt(0)!;
    const hex = code.toString(16);
    return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : code <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
  });
  return quote + body + quote;
}

/** A value a fragment key can vary on: text, a number, a boolean, a bigint, or an object with `[cacheIdentity]()`. */
export type FragmentPart = string | number | boolean | bigint | CacheIdentifiable;

/**
 * The key of a template fragment, as Flask-Caching builds it:
 * `_template_fragment_cache_<name>[_vary1_vary2...]`. A `null` name is Python's `None` and a
 * string `varyOn` is a list of its characters, as in Flask. Vary values that are objects count by
 * their `[cacheIdentity]()` (`<User "bob">`); `undefined`, `null` and other objects throw a
 * TypeError, since `String()` would give every user the same fragment.
 *
 * @example
 * makeTemplateFragmentKey('sidebar', ['user42']) // '_template_fragment_cache_sidebar_user42'
 */
export function makeTemplateFragmentKey(fragmentName: FragmentPart | null, varyOn?: readonly FragmentPart[] | string | null): string {
  return fragmentKey(fragmentName === null ? 'None' : fragmentName, varyOn ?? [], 'makeTemplateFragmentKey()');
}

/** `makeTemplateFragmentKey` with errors that start with `where` (the function or the template tag). */
export function fragmentKey(name: unknown, varyOn: unknown, where: string): string {
  const head = `_template_fragment_cache_${fragmentPart(name, where, 'the fragment name')}`;
  const vary = typeof varyOn === 'string' ? [...varyOn] : varyOn;
  if (!Array.isArray(vary)) throw new TypeError(`${where}: varyOn must be an array (or a string, as in Flask), got ${describeValue(varyOn)}`);
  if (vary.length === 0) return head;
  return `${head}_${vary.map((v, i) => fragmentPart(v, where, `vary value ${i}`)).join('_')}`;
}

function fragmentPart(value: unknown, where: string, what: string): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      if (value !== null && hasStableIdentity(value)) return repr(value);
  }
  throw new TypeError(
    `${where}: ${what} is ${describeValue(value)}; fragment keys take strings, numbers, booleans, bigints or objects with [cacheIdentity]() (String() would give every user the same fragment)`,
  );
}

/** What a view key is built from; shared by `@Cached` and the web integrations. */
export interface ViewKeyParts {
  /** Key, with `%s` for the path (default `'view/%s'`), or a function returning the prefix. */
  keyPrefix?: string | (() => string);
  /** The request path, or a function computing it only when `%s` needs it. */
  path: string | (() => string);
  /** Append the hex digest of the sorted query pairs. */
  queryString?: boolean;
  /** The query arguments hashed with `queryString`. */
  query?: QueryArgs;
  /** Digest of the query pairs and the source. */
  hashMethod: HashMethod;
  /** Function source, when source checking is on. */
  source?: string;
}

/**
 * Flask-Caching 2.5's view key: the prefix (`'view/%s'` with the path, a function's result, or a
 * constant), plus the hex digest of the sorted query pairs with `queryString`, or of the source.
 *
 * @example
 * viewKey({ path: '/works', queryString: true, query: 'b=2&a=1', hashMethod: 'sha256' })
 */
export function viewKey(parts: ViewKeyParts): string {
  const prefixOption = parts.keyPrefix ?? 'view/%s';
  const prefix =
    typeof prefixOption === 'function'
      ? String(prefixOption())
      : prefixOption.includes('%s')
        ? prefixOption.replace('%s', typeof parts.path === 'function' ? parts.path() : parts.path)
        : prefixOption;
  if (parts.queryString) return prefix + queryStringDigest(queryPairs(parts.query), parts.hashMethod, parts.source);
  return parts.source === undefined ? prefix : prefix + hexDigest(parts.hashMethod, parts.source);
}
