import { Buffer } from 'node:buffer';
import { errorParts } from './error-value.js';
import { TAG, setData, type Json } from './json.js';
import { MAX_BIGINT_DIGITS } from './limits.js';

/**
 * Objects that hold no data of their own or whose data JSON cannot reach: stored as `{}` they
 * would come back as a silently wrong value, so they are refused with a TypeError instead.
 */
const REFUSED = new Set(['Promise', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Generator', 'AsyncGenerator']);

/** A value as JSON, with the types JSON lacks as tagged objects; TypeError for what cannot round-trip. */
export function encode(value: unknown, seen: Set<object>): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: 'n', v: String(Object.is(value, -0) ? '-0' : value) };
    case 'bigint': {
      const digits = value.toString();
      const count = digits.length - (value < 0n ? 1 : 0);
      if (count > MAX_BIGINT_DIGITS) throw new TypeError(`cannot serialize a bigint of ${count} digits: cache values hold at most ${MAX_BIGINT_DIGITS}`);
      return { [TAG]: 'b', v: digits };
    }
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
  if (obj instanceof RegExp) return { [TAG]: 'r', v: { s: obj.source, f: obj.flags } };
  if (obj instanceof Error) {
    const parts = errorParts(obj);
    const v: { [k: string]: Json } = { n: parts.name, m: parts.message, p: encodePlain(parts.props, seen) };
    if ('cause' in parts) v['c'] = encode(parts.cause, seen);
    return { [TAG]: 'e', v };
  }
  refuseOpaque(obj);
  const out = encodePlain(obj, seen);
  return TAG in out ? { [TAG]: 'o', v: out } : out;
}

function encodePlain(obj: object, seen: Set<object>): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const key of Object.keys(obj)) setData(out, key, encode((obj as Record<string, unknown>)[key], seen));
  return out;
}

function refuseOpaque(obj: object): void {
  const kind = Object.prototype.toString.call(obj).slice(8, -1);
  if (ArrayBuffer.isView(obj)) {
    throw new TypeError(`cannot serialize a ${kind}: cache values hold bytes as Buffer or Uint8Array (new Uint8Array(view.buffer, view.byteOffset, view.byteLength))`);
  }
  if (REFUSED.has(kind) || kind.endsWith(' Iterator')) {
    throw new TypeError(`cannot serialize a ${kind}: it would come back as {}; cache values must be data (await a Promise before caching its value)`);
  }
}
