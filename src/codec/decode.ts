import { Buffer } from 'node:buffer';
import { buildError, type ErrorParts } from './error-value.js';
import { TAG, setData, type Json } from './json.js';
import { MAX_BIGINT_DIGITS } from './limits.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BIGINT = new RegExp(`^-?\\d{1,${MAX_BIGINT_DIGITS}}$`);
const TIME = /^(-?\d{1,16}|NaN)$/;
const REGEXP_FLAGS = /^[dgimsuvy]*$/;
const SPECIAL_NUMBERS: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/**
 * Rebuilds a value from parsed JSON with tagged objects. Anything the encoder could not have
 * written (an unknown tag, a payload of the wrong type, extra keys, a base64 text with foreign
 * characters) throws before anything is allocated from it, so a hostile or foreign value is a
 * miss and never a large allocation: every length comes from the stored text itself.
 */
export function decode(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  if (!(TAG in value)) return decodePlain(value);
  const tag = value[TAG];
  const v = value['v'];
  if (Object.keys(value).length !== (tag === 'u' ? 1 : 2) || (tag !== 'u' && v === undefined)) throw undecodable(tag);
  switch (tag) {
    case 'n':
      if (typeof v === 'string' && Object.hasOwn(SPECIAL_NUMBERS, v)) return SPECIAL_NUMBERS[v];
      break;
    case 'b':
      if (typeof v === 'string' && BIGINT.test(v)) return BigInt(v);
      break;
    case 'u':
      return undefined;
    case 'd':
      if (typeof v === 'string' && TIME.test(v)) return new Date(Number(v));
      break;
    case 'B':
      if (typeof v === 'string' && BASE64.test(v)) return Buffer.from(v, 'base64');
      break;
    case 'U':
      if (typeof v === 'string' && BASE64.test(v)) return new Uint8Array(Buffer.from(v, 'base64'));
      break;
    case 'm':
      if (Array.isArray(v) && v.every((pair) => Array.isArray(pair) && pair.length === 2)) {
        return new Map((v as [Json, Json][]).map(([k, x]) => [decode(k), decode(x)]));
      }
      break;
    case 's':
      if (Array.isArray(v)) return new Set(v.map(decode));
      break;
    case 'o':
      if (isRecord(v)) return decodePlain(v);
      break;
    case 'r':
      if (isRecord(v) && typeof v['s'] === 'string' && typeof v['f'] === 'string' && REGEXP_FLAGS.test(v['f'])) return new RegExp(v['s'], v['f']);
      break;
    case 'e':
      if (isRecord(v)) return decodeError(v);
      break;
  }
  throw undecodable(tag);
}

function decodeError(v: { [k: string]: Json }): Error {
  const { n: name, m: message, p: props } = v;
  if (typeof name !== 'string' || typeof message !== 'string' || !isRecord(props)) throw undecodable('e');
  const parts: ErrorParts = { name, message, props: decodePlain(props) };
  if ('c' in v) parts.cause = decode(v['c']!);
  return buildError(parts);
}

function decodePlain(value: { [k: string]: Json }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setData(out, key, decode(value[key]!));
  return out;
}

function isRecord(value: Json | undefined): value is { [k: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function undecodable(tag: Json | undefined): TypeError {
  return new TypeError(`stored value has a tagged object ${JSON.stringify(tag)?.slice(0, 20)} that decocache did not write`);
}
