import type { HashMethod } from '../types.js';
import { MAX_PATH, PathWalk, Walked } from './args-path.js';

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

/** One place in the memo: a path leads here. Most nodes have one child, kept beside the Map of the others. */
class MemoNode {
  call: RememberedCall | undefined = undefined;
  element: unknown = undefined;
  child: MemoNode | undefined = undefined;
  more: Map<unknown, MemoNode> | undefined = undefined;
}

const MAX_CALLS = 4096;
// A path is at most MAX_PATH elements: the budget holds at least 64 of the longest.
const MAX_NODES = 64 * MAX_PATH;

/**
 * The hashes of one function's calls, found by walking the path of their arguments (see PathWalk:
 * primitives, and plain objects and arrays of them, between markers) through the memo, so a
 * repeated call builds no key text at all. Every value is read again on every call: object
 * identity is never trusted, so a mutated argument walks to another entry. Elements compare by
 * SameValueZero, which tells `1` from `'1'` and `1n` as repr does (-0, the one value it merges
 * with another, is never walked). A memo over its budget of calls or nodes is dropped whole.
 */
export class ArgsHashMemo {
  #root = new MemoNode();
  #calls = 0;
  #nodes = 0;
  #method: HashMethod | undefined;

  /** The remembered call, or `undefined`. */
  get(method: HashMethod, lead: readonly unknown[], args: readonly unknown[]): RememberedCall | undefined {
    if (method !== this.#method) return undefined;
    // Calls of primitives only, the common case, step without a walker. Its answer is the walker's:
    // no remembered path is longer than MAX_PATH or holds a symbol or a function.
    const count = lead.length + args.length;
    let node: MemoNode | undefined = this.#root;
    for (let i = 0; i < count; i++) {
      const value = i < lead.length ? lead[i] : args[i - lead.length];
      if (typeof value === 'object' && value !== null) return this.#walk(lead, args);
      // -0 would find the entry of 0.
      if (value === 0 && Object.is(value, -0)) return undefined;
      node = childOf(node, value);
      if (node === undefined) return undefined;
    }
    return node.call;
  }

  #walk(lead: readonly unknown[], args: readonly unknown[]): RememberedCall | undefined {
    const lookup = new Lookup(this.#root);
    return lookup.walk(lead, args) === Walked.Done ? lookup.node.call : undefined;
  }

  /** Remembers the hash of the call `pathOfArgs` read as `path`; the hash must be that of `reprOfPath(path)`. */
  set(method: HashMethod, path: readonly unknown[], hash: string): RememberedCall {
    if (method !== this.#method || this.#calls >= MAX_CALLS || this.#nodes + path.length > MAX_NODES) {
      this.#root = new MemoNode();
      this.#calls = 0;
      this.#nodes = 0;
      this.#method = method;
    }
    let node = this.#root;
    for (const element of path) {
      let child = childOf(node, element);
      if (child === undefined) {
        child = new MemoNode();
        this.#nodes++;
        // NaN !== NaN: it goes to the Map, whose SameValueZero finds it.
        if (node.child === undefined && element === element) {
          node.element = element;
          node.child = child;
        } else (node.more ??= new Map()).set(element, child);
      }
      node = child;
    }
    if (node.call === undefined) this.#calls++;
    node.call = { hash };
    return node.call;
  }
}

function childOf(node: MemoNode, element: unknown): MemoNode | undefined {
  if (node.child !== undefined && node.element === element) return node.child;
  return node.more?.get(element);
}

/** Walks a call's path down the memo; stops where the memo has no next step. */
class Lookup extends PathWalk {
  constructor(public node: MemoNode) {
    super();
  }

  protected override step(element: unknown): boolean {
    const next = childOf(this.node, element);
    if (next === undefined) return false;
    this.node = next;
    return true;
  }
}
