import { Buffer } from 'node:buffer';

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const BACKSLASH = 0x5c;
const DASH = 0x2d;
const ANY_BYTE = '[\\s\\S]';

/**
 * A RegExp compiled from a Redis glob. It matches the UTF-8 bytes of the string it is given, as
 * Redis matches the bytes of a key: `exec` and `test` encode their input first, so match indexes
 * count bytes, not characters.
 */
class GlobRegExp extends RegExp {
  override exec(input: string): RegExpExecArray | null {
    return super.exec(utf8Bytes(String(input)));
  }
}

/**
 * Turns a glob into an anchored RegExp that matches exactly the keys Redis's `KEYS` and
 * `SCAN MATCH` match (`stringmatchlen` in Redis's util.c): `*` any bytes, `?` one byte,
 * `[abc]`, `[^abc]`, `[a-z]` one byte of a set, `\x` a literal `x` (also inside a set), and an
 * unclosed `[` takes the rest of the pattern as its set. Matching is on UTF-8 bytes, so `?` does
 * not match `é` (two bytes) but `??` does.
 *
 * @example
 * globToRegExp('user_*').test('user_42') // true
 */
export function globToRegExp(glob: string): RegExp {
  const p = Buffer.from(glob, 'utf8');
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === STAR) {
      while (p[i + 1] === STAR) i++;
      out += `${ANY_BYTE}*`;
    } else if (c === QUESTION) out += ANY_BYTE;
    else if (c === OPEN) {
      const set = readSet(p, i + 1);
      out += set.source;
      i = set.last;
    } else {
      if (c === BACKSLASH && p.length - i >= 2) i++;
      out += hex(p[i]!);
    }
    i++;
  }
  // Redis never matches an empty key against a pattern of stars alone, except `*` itself (the
  // match-everything shortcut of KEYS and SCAN); a regex of stars alone would.
  const guard = /^\*{2,}$/.test(glob) ? `(?=${ANY_BYTE})` : '';
  return new GlobRegExp(`^${guard}${out}$`);
}

/**
 * Reads a `[...]` set starting after the `[`, as Redis does: a backslash escapes the next byte,
 * `a-z` is a range (either way round, bytes compared as signed chars as on x86-64), and a set
 * with no `]` ends with the pattern. Returns the byte class and the index of its last byte.
 */
function readSet(p: Buffer, from: number): { source: string; last: number } {
  let i = from;
  const negate = p[i] === CARET;
  if (negate) i++;
  const members = new Set<number>();
  for (;;) {
    if (p[i] === BACKSLASH && p.length - i >= 2) {
      i++;
      members.add(p[i]!);
    } else if (p[i] === CLOSE) break;
    else if (i >= p.length) {
      i--;
      break;
    } else if (p.length - i >= 3 && p[i + 1] === DASH) {
      let start = signed(p[i]!);
      let end = signed(p[i + 2]!);
      if (start > end) [start, end] = [end, start];
      for (let b = 0; b < 256; b++) if (signed(b) >= start && signed(b) <= end) members.add(b);
      i += 2;
    } else members.add(p[i]!);
    i++;
  }
  const bytes: number[] = [];
  for (let b = 0; b < 256; b++) if (members.has(b) !== negate) bytes.push(b);
  return { source: byteClass(bytes), last: i };
}

/** A C `char` on x86-64, where Redis compares range bounds as signed values. */
function signed(byte: number): number {
  return byte >= 0x80 ? byte - 0x100 : byte;
}

/** A regex class matching exactly these byte values (as the chars of a latin1 string). */
function byteClass(bytes: readonly number[]): string {
  if (bytes.length === 0) return '(?!)';
  let out = '';
  for (let k = 0; k < bytes.length; k++) {
    let end = k;
    while (end + 1 < bytes.length && bytes[end + 1] === bytes[end]! + 1) end++;
    out += end === k ? hex(bytes[k]!) : `${hex(bytes[k]!)}-${hex(bytes[end]!)}`;
    k = end;
  }
  return `[${out}]`;
}

function hex(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** The UTF-8 bytes of `text` as a latin1 string, one char per byte; ASCII text is its own encoding. */
function utf8Bytes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** Escapes `*`, `?`, `[`, `]` and `\` so that `literal` matches only itself inside a glob. */
export function escapeGlob(literal: string): string {
  return literal.replace(/[\\*?[\]]/g, '\\$&');
}
