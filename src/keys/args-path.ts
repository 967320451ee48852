import { reprPrimitive } from './repr.js';

// Markers that open and close a plain object or an array in a path. Paths hold nothing else than
// these and primitives, so no argument can equal one, and the markers make a path prefix-free:
// `f([1], 2)` and `f([1, 2])` read [A, 1, /A, 2] and [A, 1, 2, /A].
const OBJECT_START = Symbol('object start');
const OBJECT_END = Symbol('object end');
const ARRAY_START = Symbol('array start');
const ARRAY_END = Symbol('array end');

/** The longest path remembered: a longer call, or a circular one, is keyed by repr alone. */
export const MAX_PATH = 256;

/** How a walk ended: every value read, stopped by `step`, or a value the path cannot hold. */
export const Walked = { Done: 0, Stopped: 1, Unrememberable: 2 } as const;
/** One of the `Walked` outcomes. */
export type Walked = (typeof Walked)[keyof typeof Walked];

/**
 * A read of an argument list as a flat path of primitives and markers, handed to `step` one
 * element at a time. Values are read as repr reads them (`Object.keys` then `obj[key]`, though in
 * key order rather than sorted; arrays by index, so holes read `undefined`). Primitives a Map tells
 * apart as repr does, and plain objects and arrays of them, can be walked; anything else (-0,
 * symbols, functions, class instances, a path longer than MAX_PATH, so every cycle) ends the walk
 * as Unrememberable.
 */
export abstract class PathWalk {
  #left = MAX_PATH;

  /** Takes the next path element; false stops the walk. */
  protected abstract step(element: unknown): boolean;

  /** Walks `lead` then `args`, as one list. */
  walk(lead: readonly unknown[], args: readonly unknown[]): Walked {
    for (let i = 0; i < lead.length; i++) {
      const walked = this.#value(lead[i]);
      if (walked !== Walked.Done) return walked;
    }
    for (let i = 0; i < args.length; i++) {
      const walked = this.#value(args[i]);
      if (walked !== Walked.Done) return walked;
    }
    return Walked.Done;
  }

  #value(value: unknown): Walked {
    if (--this.#left < 0) return Walked.Unrememberable;
    if (typeof value !== 'object' || value === null) {
      if (!rememberablePrimitive(value)) return Walked.Unrememberable;
      return this.step(value) ? Walked.Done : Walked.Stopped;
    }
    if (Array.isArray(value)) return this.#array(value as readonly unknown[]);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return Walked.Unrememberable;
    return this.#object(value as Record<string, unknown>);
  }

  #array(array: readonly unknown[]): Walked {
    const length = array.length;
    // Each element takes at least one place, the end marker one more: a too long array is refused unread.
    if (length >= this.#left) return Walked.Unrememberable;
    if (!this.step(ARRAY_START)) return Walked.Stopped;
    for (let i = 0; i < length; i++) {
      const walked = this.#value(array[i]);
      if (walked !== Walked.Done) return walked;
    }
    if (--this.#left < 0) return Walked.Unrememberable;
    return this.step(ARRAY_END) ? Walked.Done : Walked.Stopped;
  }

  #object(obj: Record<string, unknown>): Walked {
    const keys = Object.keys(obj);
    if (2 * keys.length >= this.#left) return Walked.Unrememberable;
    if (!this.step(OBJECT_START)) return Walked.Stopped;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (--this.#left < 0) return Walked.Unrememberable;
      if (!this.step(key)) return Walked.Stopped;
      const walked = this.#value(obj[key]);
      if (walked !== Walked.Done) return walked;
    }
    if (--this.#left < 0) return Walked.Unrememberable;
    return this.step(OBJECT_END) ? Walked.Done : Walked.Stopped;
  }
}

class Collect extends PathWalk {
  readonly path: unknown[] = [];

  protected override step(element: unknown): boolean {
    this.path.push(element);
    return true;
  }
}

/** The path of a call, or `undefined` when it cannot be remembered. */
export function pathOfArgs(lead: readonly unknown[], args: readonly unknown[]): readonly unknown[] | undefined {
  const collect = new Collect();
  return collect.walk(lead, args) === Walked.Done ? collect.path : undefined;
}

/**
 * `reprArgs` of the call a path was read from, built from the path alone, so the hash remembered
 * under a path is always that path's, whatever a getter returned on another read. Object fields
 * are sorted as repr sorts them; leaves and field names are written by repr itself (reprPrimitive).
 */
export function reprOfPath(path: readonly unknown[]): string {
  const at = { index: 0 };
  let out = '(';
  while (at.index < path.length) out += (at.index > 0 ? ', ' : '') + textAt(path, at);
  return out + ')';
}

function textAt(path: readonly unknown[], at: { index: number }): string {
  const element = path[at.index++];
  if (element === ARRAY_START) {
    let out = '[';
    for (let first = true; path[at.index] !== ARRAY_END; first = false) out += (first ? '' : ', ') + textAt(path, at);
    at.index++;
    return out + ']';
  }
  if (element === OBJECT_START) {
    const fields: [string, string][] = [];
    while (path[at.index] !== OBJECT_END) {
      const key = path[at.index++] as string;
      fields.push([key, textAt(path, at)]);
    }
    at.index++;
    fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([key, text]) => `${reprPrimitive(key)}: ${text}`).join(', ')}}`;
  }
  return reprPrimitive(element);
}

/** A primitive a Map key tells apart exactly as repr does: every one but -0 (a Map finds 0) and symbols. */
function rememberablePrimitive(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return true;
    case 'number':
      return !Object.is(value, -0);
    default:
      return value === null;
  }
}
