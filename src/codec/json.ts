/** A JSON value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The key that marks a tagged object (`{ "$t": "d", "v": ... }`) in stored JSON. */
export const TAG = '$t';

/** Sets an own property; a "__proto__" key stays data instead of changing the prototype. */
export function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
