import type { HashMethod } from '../types.js';
import { hexDigest } from './hash.js';

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

/**
 * The key of a template fragment: `_template_fragment_cache_<name>[_vary1_vary2...]`.
 *
 * @example
 * makeTemplateFragmentKey('sidebar', ['user42']) // '_template_fragment_cache_sidebar_user42'
 */
export function makeTemplateFragmentKey(fragmentName: string, varyOn: readonly string[] = []): string {
  if (typeof fragmentName !== 'string') throw new TypeError('makeTemplateFragmentKey(): the fragment name must be a string');
  if (!Array.isArray(varyOn)) throw new TypeError('makeTemplateFragmentKey(): varyOn must be an array of strings');
  const name = `_template_fragment_cache_${fragmentName}`;
  return varyOn.length > 0 ? `${name}_${varyOn.map(String).join('_')}` : name;
}
