import { Buffer } from 'node:buffer';
import { buildError, errorParts } from './error-value.js';

/**
 * A deep copy of a value as the default serializer decodes it: JSON data plus Date, Map, Set,
 * Buffer, Uint8Array, RegExp, Error, bigint and undefined, in plain objects and arrays. In-process backends keep
 * one decoded value per stored string and hand out copies, which costs a tenth of JSON.parse for
 * a small record and keeps the copy semantics of a pickled SimpleCache: a caller that mutates
 * what it got never changes what the next caller gets.
 */
export function copyDecoded(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const item: unknown = out[i];
      if (typeof item === 'object' && item !== null) out[i] = copyDecoded(item);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    // Spread copies the shape in one step, and defines each key as data, so an own
    // "__proto__" key stays a key; assigning to it afterwards writes that own property.
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key in out) {
      const item = out[key];
      if (typeof item === 'object' && item !== null) out[key] = copyDecoded(item);
    }
    return out;
  }
  return copySpecial(value);
}

function copySpecial(value: object): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) out.set(copyDecoded(k), copyDecoded(v));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    for (const v of value) out.add(copyDecoded(v));
    return out;
  }
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  if (value instanceof Error) {
    const parts = errorParts(value);
    const props: Record<string, unknown> = {};
    for (const key of Object.keys(parts.props)) props[key] = copyDecoded(parts.props[key]);
    return buildError('cause' in parts ? { ...parts, props, cause: copyDecoded(parts.cause) } : { ...parts, props });
  }
  throw new TypeError(`copyDecoded: ${Object.prototype.toString.call(value)} is not a decoded value`);
}
