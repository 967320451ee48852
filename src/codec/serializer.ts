import { decode } from './decode.js';
import { encode } from './encode.js';
import { isPlainJson } from './plain-json.js';
import type { Json } from './json.js';
import { MAX_DEPTH, nestsDeeperThan } from './limits.js';

/** Turns values into the strings a backend stores, and back. */
export interface Serializer {
  /** Encodes a value; throws TypeError for what cannot be stored (functions, symbols, cycles). */
  dumps(value: unknown): string;
  /** Decodes a stored string; never executes code. */
  loads(raw: string): unknown;
}

const MARK = '!';

/**
 * The default serializer. Safe integers are stored as bare digits so that `inc`/`dec` (and Redis
 * INCRBY) work on them; everything else is `'!'` + JSON in which the types JSON lacks (bigint,
 * undefined, NaN, Date, Map, Set, Buffer, Uint8Array, RegExp, Error) are tagged objects. Strings
 * written by other clients without the mark read back as integers or as text. Stored text that
 * nests deeper than 512 levels, or that decocache could not have written, throws instead of
 * being decoded (the Cache reads it as a miss).
 */
export const defaultSerializer: Serializer = {
  dumps(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'string') return MARK + JSON.stringify(value);
    // Plain records (most memoized results) need no tagging copy; nesting is bounded by the check.
    if (isPlainJson(value)) return MARK + JSON.stringify(value);
    const text = JSON.stringify(encode(value, new Set()));
    if (nestsDeeperThan(text, MAX_DEPTH)) throw new TypeError(`cannot serialize a value nested deeper than ${MAX_DEPTH} levels`);
    return MARK + text;
  },
  loads(raw) {
    if (raw.charCodeAt(0) === 33 /* ! */) {
      // A plain string without escapes (every version key) needs no JSON parser.
      if (raw.charCodeAt(1) === 34 && raw.length > 2 && raw.charCodeAt(raw.length - 1) === 34 && raw.indexOf('\\') === -1) {
        const body = raw.slice(2, -1);
        if (body.indexOf('"') === -1) return body;
      }
      if (nestsDeeperThan(raw, MAX_DEPTH)) throw new TypeError(`stored value nests deeper than ${MAX_DEPTH} levels`);
      const parsed: unknown = JSON.parse(raw.slice(1));
      // Every tag is written as the key "$t", which JSON text cannot contain otherwise (inside a
      // string the quotes are escaped), so without it the parsed value is already the answer and
      // the copying walk is skipped.
      if (typeof parsed !== 'object' || parsed === null || !raw.includes('"$t"')) return parsed;
      return decode(parsed as Json);
    }
    return parseInteger(raw) ?? raw;
  },
};

/** Parses a stored integer (`'42'`, `'-7'`), or `undefined` when the string is not one. */
export function parseInteger(raw: string): number | undefined {
  if (!/^-?\d{1,16}$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}
