import { setData, TAG } from './json.js';
import { MAX_DEPTH } from './limits.js';

/**
 * Whether `value` is plain JSON data that the default serializer would write unchanged: strings,
 * booleans, finite numbers other than -0, null, arrays without holes or undefined, and objects
 * whose prototype is Object.prototype or null with no `$t` key, no deeper than MAX_DEPTH. Such a
 * value goes straight to JSON.stringify, skipping the tagging copy (most memoized results are
 * plain records); anything else, cycles included, takes the full encoder, which also explains
 * what it refuses.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  const kind = kindOf(value, depth);
  if (kind === Kind.Array) {
    const array = value as readonly unknown[];
    for (let i = 0; i < array.length; i++) if (!isPlainJson(array[i], depth + 1)) return false;
    return true;
  }
  if (kind === Kind.Record) {
    for (const key in value as object) {
      if (!ownPlainKey(value as object, key) || !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  }
  return kind === Kind.Leaf;
}

/** What {@link copyPlainJson} returns for a value that is not plain JSON data. */
export const NOT_PLAIN: unique symbol = Symbol('decocache.notPlain');

/**
 * A deep copy of a value {@link isPlainJson} accepts, as JSON.parse would return it after the
 * default serializer wrote it (objects get Object.prototype; getters are read once, as JSON.stringify
 * reads them), made in one walk and about ten times faster than the round trip; NOT_PLAIN for
 * anything else. In-process stores keep it instead of text they may never need.
 */
export function copyPlainJson(value: unknown, depth = 0): unknown {
  const kind = kindOf(value, depth);
  if (kind === Kind.Array) {
    const array = value as readonly unknown[];
    const out = new Array<unknown>(array.length);
    for (let i = 0; i < out.length; i++) {
      const item = copyPlainJson(array[i], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  if (kind === Kind.Record) {
    const out: Record<string, unknown> = {};
    for (const key in value as object) {
      if (!ownPlainKey(value as object, key)) return NOT_PLAIN;
      const item = copyPlainJson((value as Record<string, unknown>)[key], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      setData(out, key, item);
    }
    return out;
  }
  return kind === Kind.Leaf ? value : NOT_PLAIN;
}

/** What plain JSON makes of a value: a leaf written as it is, a container to walk, or neither. */
const Kind = { Leaf: 0, Array: 1, Record: 2, Neither: 3 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** The rules both walks share: which leaves, which containers, how deep. */
function kindOf(value: unknown, depth: number): Kind {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return Kind.Leaf;
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0) ? Kind.Leaf : Kind.Neither;
    case 'object':
      break;
    default:
      return Kind.Neither;
  }
  if (value === null) return Kind.Leaf;
  if (depth >= MAX_DEPTH) return Kind.Neither;
  if (Array.isArray(value)) return Kind.Array;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Kind.Record : Kind.Neither;
}

/** A for-in key plain JSON keeps: own (not inherited) and not the tag key. */
function ownPlainKey(value: object, key: string): boolean {
  return key !== TAG && Object.hasOwn(value, key);
}
