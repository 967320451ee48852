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
 * the sorted pairs, e.g. `(('a', '0'), ('a', '1'), ('b', '2'))`, so keys match Flask's byte for byte.
 */
export function queryStringDigest(pairs: [string, string][], method: HashMethod, source?: string): string {
  const sorted = [...pairs].sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const items = sorted.map(([k, v]) => `(${pyStr(k)}, ${pyStr(v)})`);
  const tuple = items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  return hexDigest(method, source === undefined ? tuple : tuple + source);
}

/** Python's `repr()` of a str. */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
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
