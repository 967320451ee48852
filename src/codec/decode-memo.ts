import { Buffer } from 'node:buffer';
import { defaultSerializer } from './serializer.js';
import { copyDecoded } from './value-copy.js';

const MAX_TEXT = 1024;
const MAX_ENTRIES = 1024;
/** Estimated bytes one kept value may take, and all of them together. */
const MAX_VALUE_BYTES = 64 * 1024;
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;

/**
 * The default serializer's decoding with a memo: recently decoded objects are kept by their
 * exact stored text, and every read gets a copy, so the same entry read again from Redis or
 * memcached costs a Map lookup and a copy instead of JSON.parse (about 330 ns against 770 ns for a
 * small record). Decoding is deterministic, so equal text always means an equal value; callers
 * never see the kept object itself. Short texts only, and what is kept is capped by its decoded
 * size too (estimated once, when kept), so hostile text can never make it hold much: a full memo
 * is dropped whole.
 */
export class DecodeMemo {
  readonly #decoded = new Map<string, unknown>();
  #bytes = 0;

  /** Estimated bytes of the decoded values and texts held now. */
  get retainedBytes(): number {
    return this.#bytes;
  }

  /** The value stored as `raw`, as `defaultSerializer.loads` returns it. */
  loads(raw: string): unknown {
    // Only objects and arrays are worth remembering; strings (every version value) decode faster than a lookup.
    const open = raw.charCodeAt(1);
    if (raw.length > MAX_TEXT || raw.charCodeAt(0) !== 33 /* ! */ || (open !== 123 /* { */ && open !== 91) /* [ */) return defaultSerializer.loads(raw);
    const known = this.#decoded.get(raw);
    if (known !== undefined) return copyDecoded(known);
    const value = defaultSerializer.loads(raw);
    if (typeof value !== 'object' || value === null) return value;
    const bytes = estimateBytes(value, MAX_VALUE_BYTES);
    if (bytes > MAX_VALUE_BYTES) return value;
    if (this.#decoded.size >= MAX_ENTRIES || this.#bytes + bytes > MAX_TOTAL_BYTES) {
      this.#decoded.clear();
      this.#bytes = 0;
    }
    this.#decoded.set(raw, value);
    this.#bytes += bytes + raw.length * 2;
    return copyDecoded(value);
  }
}

/** A rough size of a decoded value in bytes, counted only until it passes `limit`. */
function estimateBytes(value: unknown, limit: number): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= limit) {
    const item = pending.pop();
    if (typeof item === 'string') total += 16 + item.length * 2;
    else if (typeof item === 'bigint') total += 16 + item.toString(16).length;
    else if (typeof item !== 'object' || item === null) total += 8;
    else if (Buffer.isBuffer(item) || item instanceof Uint8Array) total += 96 + item.byteLength;
    else if (item instanceof Map) {
      total += 64 + item.size * 32;
      for (const [k, v] of item) pending.push(k, v);
    } else if (item instanceof Set) {
      total += 64 + item.size * 24;
      for (const v of item) pending.push(v);
    } else if (item instanceof Date) total += 48;
    else if (item instanceof RegExp) total += 64 + item.source.length * 2;
    else {
      const keys = Object.keys(item);
      total += 32 + keys.length * 16;
      for (const key of keys) pending.push(key, (item as Record<string, unknown>)[key]);
      if (item instanceof Error) pending.push(item.message, (item as { cause?: unknown }).cause);
    }
  }
  return total;
}
