import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';

/** Where the command writes: stdout for results, stderr for reasons. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Writes results for a person (lines of text) or, with `--json`, for a program (one JSON
 * document on stdout, also when nothing was found). Reasons and warnings go to stderr either way.
 */
export class Output {
  constructor(
    readonly io: Io,
    readonly json: boolean,
  ) {}

  /** Writes a result: `human` lines as they are, or `machine` as JSON. */
  result(human: string | readonly string[], machine: unknown): void {
    if (this.json) this.io.stdout(`${JSON.stringify(jsonSafe(machine))}\n`);
    else {
      const lines = typeof human === 'string' ? [human] : human;
      if (lines.length > 0) this.io.stdout(`${lines.join('\n')}\n`);
    }
  }

  /** Writes a reason to stderr. */
  note(message: string): void {
    this.io.stderr(`decocache: ${message}\n`);
  }
}

/**
 * A stored value as a person reads it: JSON (what `set` takes) when JSON holds it exactly, else
 * Node's inspect form, which shows Maps, Sets, bigints, Dates and bytes as what they are.
 */
export function showValue(value: unknown): string {
  return isPlainJson(value) ? JSON.stringify(value, null, 2) : inspect(value, { depth: null, breakLength: 100 });
}

/**
 * A value JSON can carry: Maps become objects (or `[key, value]` pairs when a key is not a
 * string), Sets arrays, bigints and non-finite numbers strings, bytes base64, Dates ISO strings.
 */
export function jsonSafe(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null || value instanceof Date) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Map) {
    const entries = [...value];
    return entries.every(([k]) => typeof k === 'string') ? Object.fromEntries(entries.map(([k, v]) => [k, jsonSafe(v)])) : entries.map(([k, v]) => [jsonSafe(k), jsonSafe(v)]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
}

function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isPlainJson);
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      return Object.values(value).every(isPlainJson);
    default:
      return false;
  }
}
