import type { HashMethod } from '../types.js';

/** One remembered call: its hash, and the entry key last built from it with the versions it was built for. */
export interface RememberedCall {
  hash: string;
  /** The function version `key` was built with. */
  version?: string;
  /** The instance version `key` was built with (`''` for functions and static methods). */
  instanceVersion?: string;
  /** `hash + version + instanceVersion`, kept so a hit does not build (and hash) the key string again. */
  key?: string;
}

interface MemoNode {
  call?: RememberedCall;
  next?: Map<unknown, MemoNode>;
}

const MAX_CALLS = 4096;

/**
 * The hashes of one function's calls whose arguments are all primitives, found by walking the
 * argument values through nested Maps, so a repeated call builds no key text at all. Map keys
 * compare by SameValueZero, which tells `1` from `'1'` and `1n` as repr does; the one pair it
 * merges that repr keeps apart, `0` and `-0`, is never remembered. A full memo is dropped whole.
 */
export class ArgsHashMemo {
  #root: MemoNode = {};
  #size = 0;
  #method: HashMethod | undefined;

  /** The remembered call, or `undefined`. */
  get(method: HashMethod, lead: readonly unknown[], args: readonly unknown[]): RememberedCall | undefined {
    if (method !== this.#method) return undefined;
    let node: MemoNode | undefined = this.#root;
    for (let i = 0; i < lead.length && node; i++) node = node.next?.get(lead[i]);
    for (let i = 0; i < args.length && node; i++) {
      const value = args[i];
      // -0 would find the entry of 0.
      if (value === 0 && Object.is(value, -0)) return undefined;
      node = node.next?.get(value);
    }
    return node?.call;
  }

  /** Whether a call with these values can be remembered: every value can be told apart by a Map. */
  static remembers(lead: readonly unknown[], args: readonly unknown[]): boolean {
    return lead.every(rememberable) && args.every(rememberable);
  }

  /** Remembers the hash of a call whose values `remembers()` accepted (the caller asks it first, once). */
  set(method: HashMethod, lead: readonly unknown[], args: readonly unknown[], hash: string): RememberedCall {
    if (method !== this.#method || this.#size >= MAX_CALLS) {
      this.#root = {};
      this.#size = 0;
      this.#method = method;
    }
    let node = this.#root;
    for (const value of lead) node = step(node, value);
    for (const value of args) node = step(node, value);
    if (node.call === undefined) this.#size++;
    node.call = { hash };
    return node.call;
  }
}

function step(node: MemoNode, value: unknown): MemoNode {
  const next = (node.next ??= new Map());
  let child = next.get(value);
  if (child === undefined) {
    child = {};
    next.set(value, child);
  }
  return child;
}

function rememberable(value: unknown): boolean {
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
