import { TAG } from './json.js';
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
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (key === TAG || !Object.hasOwn(value, key)) return false;
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
