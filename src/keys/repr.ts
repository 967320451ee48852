import { Buffer } from 'node:buffer';
import { className, localIdentity, ownIdentity } from './identity.js';

/**
 * A deterministic text form of a value, the same in every process (Python's repr for keys):
 * `1`, `'1'`, `true`, `1n`, `[1]`, `null` and `undefined` all differ; object keys, Map entries and
 * Set members are sorted; Dates print their time; class instances print their class with their
 * `[cacheIdentity]()` or their `toJSON()`, else a process-local identity.
 * Circular values, functions and unregistered symbols throw TypeError.
 *
 * @example
 * repr({ b: 2, a: [1, 'x'] }) // '{"a": [1, "x"], "b": 2}'
 */
export function repr(value: unknown): string {
  return write(value, [], 'the value');
}

/**
 * repr of an argument list, with errors naming the argument position and the function. `lead`
 * values (a method's instance identity) are written first without shifting the positions named.
 */
export function reprArgs(args: readonly unknown[], fname: string, lead: readonly unknown[] = []): string {
  // Concatenation rather than an array and join: this runs on every memoized call.
  let out = '(';
  for (let i = 0; i < lead.length; i++) out += (i > 0 ? ', ' : '') + write(lead[i], [], `the instance of ${fname}`);
  for (let i = 0; i < args.length; i++) out += (i > 0 || lead.length > 0 ? ', ' : '') + write(args[i], [], `argument ${i} of ${fname}`);
  return out + ')';
}

/** repr of null or a value that is not an object, with no stack of enclosing objects to track (objects throw). */
export function reprPrimitive(value: unknown, where = 'the value'): string {
  switch (typeof value) {
    case 'string':
      return value.length <= QUOTED_LENGTH ? quotedText(value) : JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value}n`;
    case 'symbol': {
      const key = Symbol.keyFor(value);
      if (key === undefined) throw new TypeError(`cannot build a cache key from ${where}: an unregistered symbol has no stable form (use Symbol.for)`);
      return `Symbol.for(${JSON.stringify(key)})`;
    }
    case 'function':
      throw new TypeError(`cannot build a cache key from ${where}: functions have no stable form; pass data, or ignore the parameter with argsToIgnore`);
  }
  if (value === null) return 'null';
  throw new TypeError('reprPrimitive: objects are written by repr()');
}

function write(value: unknown, stack: object[], where: string): string {
  if (typeof value !== 'object' || value === null) return reprPrimitive(value, where);
  const obj = value;
  if (stack.includes(obj)) throw new TypeError(`cannot build a cache key from ${where}: it is circular`);
  stack.push(obj);
  try {
    return writeObject(obj, stack, where);
  } finally {
    stack.pop();
  }
}

function writeObject(obj: object, stack: object[], where: string): string {
  if (Array.isArray(obj)) {
    let out = '[';
    for (let i = 0; i < obj.length; i++) out += (i > 0 ? ', ' : '') + write(obj[i], stack, where);
    return out + ']';
  }
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto === Object.prototype || proto === null) {
    const keys = sortedKeys(obj);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      out += (i > 0 ? ', ' : '') + quotedText(k) + ': ' + write((obj as Record<string, unknown>)[k], stack, where);
    }
    return out + '}';
  }
  if (obj instanceof Date) return `Date(${obj.getTime()})`;
  if (obj instanceof Map) {
    const entries = [...obj].map(([k, v]) => `${write(k, stack, where)} => ${write(v, stack, where)}`).sort();
    return `Map{${entries.join(', ')}}`;
  }
  if (obj instanceof Set) return `Set{${[...obj].map((v) => write(v, stack, where)).sort().join(', ')}}`;
  if (ArrayBuffer.isView(obj)) {
    return `${className(obj)}(${Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64')})`;
  }
  if (obj instanceof RegExp) return `RegExp(${JSON.stringify(obj.source)}, ${JSON.stringify(obj.flags)})`;
  if (obj instanceof Number || obj instanceof String || obj instanceof Boolean) return `${className(obj)}(${write(obj.valueOf(), stack, where)})`;
  return writeInstance(obj, stack, where);
}

/**
 * A class instance: by its class and `[cacheIdentity]()` (`<User "1">`, never `<Order "1">`), else
 * by its class and `toJSON()` when it is value-like (`URL("https://x/")`), else by a process-local
 * identity, like the address in Python's repr, so that distinct instances never share a key.
 */
function writeInstance(obj: object, stack: object[], where: string): string {
  const id = ownIdentity(obj);
  if (id !== undefined) return `<${className(obj)} ${write(id, stack, where)}>`;
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return `${className(obj)}(${write(toJSON.call(obj), stack, where)})`;
  return `<${JSON.stringify(localIdentity(obj))}>`;
}

/** Own keys in code-unit order; objects built in a fixed order often are already, and skip the sort. */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

// Field names and short argument strings ('en-GB', instance identities) repeat across calls:
// their JSON quoting is kept (a full table is dropped whole).
const QUOTED_MAX = 4096;
const QUOTED_LENGTH = 64;
const quoted = new Map<string, string>();

function quotedText(text: string): string {
  let out = quoted.get(text);
  if (out === undefined) {
    out = JSON.stringify(text);
    if (quoted.size >= QUOTED_MAX) quoted.clear();
    quoted.set(text, out);
  }
  return out;
}
