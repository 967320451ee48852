import { Buffer } from 'node:buffer';

/** Turns values into the strings a backend stores, and back. */
export interface Serializer {
  /** Encodes a value; throws TypeError for what cannot be stored (functions, symbols, cycles). */
  dumps(value: unknown): string;
  /** Decodes a stored string; never executes code. */
  loads(raw: string): unknown;
}

const TAG = '$t';
const MARK = '!';

/**
 * The default serializer. Safe integers are stored as bare digits so that `inc`/`dec` (and Redis
 * INCRBY) work on them; everything else is `'!'` + JSON in which the types JSON lacks are tagged
 * objects. Strings written by other clients without the mark read back as integers or as text.
 */
export const defaultSerializer: Serializer = {
  dumps(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'string') return MARK + JSON.stringify(value);
    return MARK + JSON.stringify(encode(value, new Set()));
  },
  loads(raw) {
    if (raw.charCodeAt(0) === 33 /* ! */) {
      // A plain string without escapes (every version key) needs no JSON parser.
      if (raw.charCodeAt(1) === 34 && raw.length > 2 && raw.charCodeAt(raw.length - 1) === 34 && raw.indexOf('\\') === -1) {
        const body = raw.slice(2, -1);
        if (body.indexOf('"') === -1) return body;
      }
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

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function encode(value: unknown, seen: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: 'n', v: String(Object.is(value, -0) ? '-0' : value) };
    case 'bigint':
      return { [TAG]: 'b', v: value.toString() };
    case 'undefined':
      return { [TAG]: 'u' };
    case 'function':
    case 'symbol':
      throw new TypeError(`cannot serialize a ${typeof value}: cache values must be data`);
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError('cannot serialize a circular structure: cache values must be trees');
  seen.add(obj);
  try {
    return encodeObject(obj, seen);
  } finally {
    seen.delete(obj);
  }
}

function encodeObject(obj: object, seen: Set<object>): Json {
  if (Array.isArray(obj)) {
    const out: Json[] = new Array(obj.length);
    for (let i = 0; i < obj.length; i++) out[i] = encode(obj[i], seen);
    return out;
  }
  if (obj instanceof Date) return { [TAG]: 'd', v: String(obj.getTime()) };
  if (Buffer.isBuffer(obj)) return { [TAG]: 'B', v: obj.toString('base64') };
  if (obj instanceof Uint8Array) return { [TAG]: 'U', v: Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64') };
  if (obj instanceof Map) return { [TAG]: 'm', v: [...obj].map(([k, v]) => [encode(k, seen), encode(v, seen)]) };
  if (obj instanceof Set) return { [TAG]: 's', v: [...obj].map((v) => encode(v, seen)) };
  const out: { [k: string]: Json } = {};
  for (const key of Object.keys(obj)) setData(out, key, encode((obj as Record<string, unknown>)[key], seen));
  return TAG in out ? { [TAG]: 'o', v: out } : out;
}

function decode(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const tag = value[TAG];
  if (typeof tag === 'string') {
    const v = value['v'];
    switch (tag) {
      case 'n':
        return Number(v);
      case 'b':
        return BigInt(v as string);
      case 'u':
        return undefined;
      case 'd':
        return new Date(Number(v));
      case 'B':
        return Buffer.from(v as string, 'base64');
      case 'U':
        return new Uint8Array(Buffer.from(v as string, 'base64'));
      case 'm':
        return new Map((v as [Json, Json][]).map(([k, x]) => [decode(k), decode(x)]));
      case 's':
        return new Set((v as Json[]).map(decode));
      case 'o':
        return decodePlain(v as { [k: string]: Json });
    }
  }
  return decodePlain(value);
}

function decodePlain(value: { [k: string]: Json }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setData(out, key, decode(value[key]!));
  return out;
}

/** Sets an own property; a "__proto__" key stays data instead of changing the prototype. */
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
