import type { HashMethod } from '../types.js';
import { ArgsHashMemo, type RememberedCall } from './args-memo.js';
import { pathOfArgs, reprOfPath } from './args-path.js';
import { base64Digest16 } from './hash.js';
import { hasStableIdentity, identityOf } from './identity.js';
import type { ParamInfo } from './params.js';
import { reprArgs } from './repr.js';

/** The parts of a memoize key that do not depend on stored versions. */
export interface MemoizeKeyParts {
  /** `[namespace.]Class.method`. */
  fname: string;
  /** 16 characters of base64 digest over the name and the arguments. */
  hash: string;
  /** The function version key, then the instance version key for instance methods. */
  versionKeys: readonly string[];
  /** Whether the instance identity is process-local (no `[cacheIdentity]`). */
  localIdentity: boolean;
  /** The remembered call, when the args memo holds the arguments: it keeps the last entry key built. */
  remembered: RememberedCall | undefined;
  /** A call the args memo could hold but does not yet: {@link rememberHit} keeps it there once it hits. */
  unremembered: UnrememberedCall | undefined;
}

/** Where a call that hit would be remembered, and the path of its arguments. */
interface UnrememberedCall {
  memo: ArgsHashMemo;
  method: HashMethod;
  path: readonly unknown[];
}

/**
 * Keeps a call that hit in the args memo, so its next hit builds no key text. A call is remembered
 * on its first hit, not when it first misses: a call that only ever misses takes no place there,
 * and cannot push out the hot calls (a full memo is dropped whole).
 */
export function rememberHit(parts: MemoizeKeyParts): void {
  const pending = parts.unremembered;
  if (pending === undefined) return;
  parts.unremembered = undefined;
  parts.remembered = pending.memo.set(pending.method, pending.path, parts.hash);
}

/** What the key of one memoized function depends on, fixed at decoration. */
export interface MemoizeKeySpec {
  placement: 'function' | 'method' | 'static';
  params: readonly ParamInfo[];
  /** Indexes of ignored parameters. */
  ignored: ReadonlySet<number>;
  /** `argsToIgnore` contains `'this'`: instances share entries. */
  ignoreThis: boolean;
  makeName: ((fname: string) => string) | undefined;
  /** `[function version key]`, built once (the name of a decorated function never changes) and shared by every call. */
  functionKeys?: readonly string[];
  /** Each instance's version key with the identity it was built for (the same string object on every call). */
  instanceKeys?: WeakMap<object, { identity: string; key: string }>;
  /** Hashes of calls with primitive, plain-object and array arguments, built on first use. */
  memo?: ArgsHashMemo;
}

/** The function-wide version key: `fname + '_memver'`. */
export function functionVersionKey(fname: string): string {
  return `${fname}_memver`;
}

/** The per-instance version key: `fname + '.' + identity + '_memver'`. */
export function instanceVersionKey(fname: string, identity: string): string {
  return `${fname}.${identity}_memver`;
}

/** The identity that stands for `self` in keys: the class name for statics, else the instance identity. */
export function selfIdentity(spec: MemoizeKeySpec, self: unknown, fname: string): string {
  if (spec.placement === 'static') {
    if (typeof self !== 'function') throw new TypeError(`${fname} is a static method: pass the class as the first argument`);
    return self.name;
  }
  if (typeof self !== 'object' || self === null) {
    throw new TypeError(`${fname} is an instance method: pass the instance as the first argument (got ${self === null ? 'null' : typeof self})`);
  }
  return identityOf(self);
}

/**
 * Computes hash and version keys of one call, following Flask-Caching 2.5: the hash covers
 * `altfname + repr(args)` (plus the source when `source` is given), where an instance method's
 * args start with the instance identity; defaults that are literals fill omitted arguments and
 * trailing `undefined`s are dropped, so `f(1)` and `f(1, undefined)` share an entry.
 */
export function memoizeKeyParts(
  spec: MemoizeKeySpec,
  fname: string,
  hashMethod: HashMethod,
  self: unknown,
  args: readonly unknown[],
  source: string | undefined,
): MemoizeKeyParts {
  const normalized = normalizeArgs(spec, args);
  let versionKeys: readonly string[] = (spec.functionKeys ??= [functionVersionKey(fname)]);
  let lead: readonly unknown[] = NO_LEAD;
  let localIdentity = false;
  if (spec.placement !== 'function') {
    const identity = selfIdentity(spec, self, fname);
    lead = [spec.ignoreThis ? null : identity];
    if (spec.placement === 'method' && !spec.ignoreThis) {
      versionKeys = [versionKeys[0]!, instanceKeyOf(spec, self as object, fname, identity)];
      localIdentity = !hasStableIdentity(self as object);
    }
  }
  // makeName is the user's function and the source is long text: only plain calls are remembered.
  const memo = spec.makeName || source !== undefined ? undefined : (spec.memo ??= new ArgsHashMemo());
  const remembered = memo?.get(hashMethod, lead, normalized);
  if (remembered) return { fname, hash: remembered.hash, versionKeys, localIdentity, remembered, unremembered: undefined };
  // A miss reads the arguments once more and builds the key text from what it read, so the hash
  // remembered under a path is that path's even when a getter answers differently each time.
  const path = memo === undefined ? undefined : pathOfArgs(lead, normalized);
  if (path !== undefined) {
    // Calls the args memo remembers need no digest memo as well (a miss would only fill it).
    const hash = base64Digest16(hashMethod, fname + reprOfPath(path), false);
    return { fname, hash, versionKeys, localIdentity, remembered: undefined, unremembered: { memo: memo!, method: hashMethod, path } };
  }
  const name = spec.makeName ? spec.makeName(fname) : fname;
  const text = name + reprArgs(normalized, fname, lead);
  const hash = base64Digest16(hashMethod, source === undefined ? text : text + source);
  return { fname, hash, versionKeys, localIdentity, remembered: undefined, unremembered: undefined };
}

const NO_LEAD: readonly unknown[] = [];

/** The instance version key, built again only when the instance's identity changes. */
function instanceKeyOf(spec: MemoizeKeySpec, self: object, fname: string, identity: string): string {
  const keys = (spec.instanceKeys ??= new WeakMap());
  const known = keys.get(self);
  if (known !== undefined && known.identity === identity) return known.key;
  const key = instanceVersionKey(fname, identity);
  keys.set(self, { identity, key });
  return key;
}

function normalizeArgs(spec: MemoizeKeySpec, args: readonly unknown[]): readonly unknown[] {
  const { params, ignored } = spec;
  // The common call passes every parameter, none undefined: nothing to fill, drop or trim.
  if (ignored.size === 0 && args.length >= params.length && !args.includes(undefined)) return args;
  const out = args.slice();
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p.rest) break;
    if (out[i] === undefined && p.hasDefault) out[i] = p.default;
  }
  for (const i of ignored) if (i < out.length) out[i] = undefined;
  let end = out.length;
  while (end > 0 && out[end - 1] === undefined) end--;
  out.length = end;
  return out;
}

/**
 * Turns `argsToIgnore` into parameter indexes. Names are read from the function's source, which a
 * minifier or transpiler may have changed: an unknown name throws at decoration, saying which names
 * were found and how to give the index instead.
 */
export function ignoredIndexes(argsToIgnore: readonly (string | number)[] | undefined, params: readonly ParamInfo[], fname: string): { ignored: Set<number>; ignoreThis: boolean } {
  const ignored = new Set<number>();
  let ignoreThis = false;
  for (const item of argsToIgnore ?? []) {
    if (item === 'this' || item === 'self') ignoreThis = true;
    else if (typeof item === 'number') ignored.add(item);
    else {
      const index = params.findIndex((p) => p.name === item);
      if (index === -1) throw new TypeError(unknownParameter(item, params, fname));
      ignored.add(index);
    }
  }
  return { ignored, ignoreThis };
}

function unknownParameter(name: string, params: readonly ParamInfo[], fname: string): string {
  const found =
    params.length === 0
      ? 'no parameter names could be read from its source'
      : `the parameters read from its source are ${params.map((p, i) => `${i}: ${p.name ?? '(destructured)'}`).join(', ')}`;
  const example = params.length > 1 ? params.length - 1 : 0;
  return (
    `argsToIgnore: "${name}" is not a parameter name of ${fname}: ${found}. Minifiers and some transpilers rename ` +
    `parameters; ignore it by its 0-based position instead, e.g. argsToIgnore: [${example}]`
  );
}
