import { describeValue } from '../errors.js';
import { checkTimeout } from '../timeout.js';
import type { HashMethod } from '../types.js';
import type { DecoratorHost } from './host.js';

/**
 * The signature of the decorated function as the option callbacks see it. By default they accept
 * what they declare (parameters typed `never`: annotate them); pass the method's type to have them
 * typed and checked: `@cache.memoize<UserService['getUser']>({ unless: (id) => id < 0 })`.
 */
export type Signature = (...args: never[]) => Promise<unknown>;

/** The default signature: callbacks are not checked against the decorated function. */
export type AnySignature = (...args: never[]) => Promise<never>;

/** The arguments a call of `F` gets. */
export type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never[];

/** The `this` of a call of `F`; when `F` declares none, callbacks may declare their own. */
export type ThisOf<F> = unknown extends ThisParameterType<F> ? never : ThisParameterType<F>;

/** What a call of `F` resolves to. */
export type ResultOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** Options shared by `memoize` and `cached`. Callbacks get the call's `this` and may return a Promise. */
export interface CommonOptions<F extends Signature = AnySignature> {
  /** The cache to use; default: the default cache, looked up at call time. */
  cache?: DecoratorHost;
  /** Seconds to keep results (default the cache's `defaultTimeout`; `0` = forever); also `fn.cacheTimeout`. */
  timeout?: number;
  /** Bypass the cache entirely for this call when it returns `true` (called with the call's arguments). */
  unless?: (this: ThisOf<F>, ...args: ArgsOf<F>) => boolean | Promise<boolean>;
  /** Skip the read and recompute-and-store when it returns `true`; called once per call. */
  forcedUpdate?: (this: ThisOf<F>, ...args: ArgsOf<F>) => boolean | Promise<boolean>;
  /** On a hit, recompute when it returns `true`; gets the cached value, then the call's arguments. */
  isStale?: (this: ThisOf<F>, cached: ResultOf<F>, ...args: ArgsOf<F>) => boolean | Promise<boolean>;
  /** Store a fresh result only when it returns truthy; it still goes to the caller either way. */
  responseFilter?: (this: ThisOf<F>, result: ResultOf<F>) => unknown;
  /** Digest for keys; default the cache's `hashMethod` (sha256). */
  hashMethod?: HashMethod;
  /** Cache `null`/`undefined` results too (otherwise they always count as misses). */
  cacheNone?: boolean;
  /** Include the function's source in the key so a code change misses; default the cache's `sourceCheck`. */
  sourceCheck?: boolean;
  /** Prepended to the function name in keys: `namespace.Class.method`. */
  namespace?: string;
  /**
   * Seconds an entry is kept past its timeout to be served stale (event `stale`) when the backend
   * fails (from the local tier) or the function throws, instead of running uncached or rejecting.
   */
  grace?: number;
  /** With `grace`: milliseconds a recomputation may take before the stale value is returned and it finishes in the background. */
  softTimeout?: number;
  /** A fraction (0 < r < 1) of the timeout after which a hit also refreshes the entry in the background, once at a time per key. */
  refreshAhead?: number;
  /** Single-flight across the fleet: on a miss one process computes under a lease, the others wait for its value. */
  lock?: boolean | LockOptions;
}

/** How long `lock` waits and holds. */
export interface LockOptions {
  /** Milliseconds a caller waits for the lease holder's value before computing itself; default 5000. */
  waitMs?: number;
  /** Milliseconds the lease lives, so a crashed holder blocks no one longer; default 10000. */
  ttlMs?: number;
}

/** Options of `memoize` / `@Memoize`. */
export interface MemoizeOptions<F extends Signature = AnySignature> extends CommonOptions<F> {
  /** Maps the function name (`Class.method`) to the name hashed into entry keys; version keys keep the real name. */
  makeName?: (fname: string) => string;
  /** Parameters left out of the key, by name or index; `'this'` makes all instances share entries. */
  argsToIgnore?: readonly (string | number)[];
}

/** Options of `cached` / `@Cached`. */
export interface CachedOptions<F extends Signature = AnySignature> extends CommonOptions<F> {
  /** Key, with `%s` standing for the request path (default `'view/%s'`), or a function returning the key. */
  keyPrefix?: string | (() => string);
  /** Key on the sorted query arguments too, so `?a=1&b=2` and `?b=2&a=1` share an entry. */
  queryString?: boolean;
  /** Replaces key building: gets the call's arguments and returns the key. */
  makeCacheKey?: (this: ThisOf<F>, ...args: ArgsOf<F>) => string | Promise<string>;
  /** Mark hits so integrations send the header `hit_cache: True`. */
  responseHitIndication?: boolean;
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
const isFn = (v: unknown) => typeof v === 'function';
const isBool = (v: unknown) => typeof v === 'boolean';
const common: Record<keyof CommonOptions, [(v: unknown) => boolean, string]> = {
  cache: [(v) => typeof v === 'object' && v !== null && typeof (v as DecoratorHost).getMany === 'function', 'a Cache'],
  timeout: [(v) => (checkTimeout(v, 'timeout'), true), ''],
  unless: [isFn, 'a function'],
  forcedUpdate: [isFn, 'a function'],
  isStale: [isFn, 'a function'],
  responseFilter: [isFn, 'a function'],
  hashMethod: [(v) => isFn(v) || HASHES.has(v as string), `one of ${[...HASHES].join(', ')} or a function`],
  cacheNone: [isBool, 'a boolean'],
  sourceCheck: [isBool, 'a boolean'],
  namespace: [(v) => typeof v === 'string' && v !== '', 'a non-empty string'],
  grace: [(v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number of seconds >= 0'],
  softTimeout: [(v) => isPositiveMs(v), 'a number of milliseconds > 0'],
  refreshAhead: [(v) => typeof v === 'number' && v > 0 && v < 1, 'a fraction between 0 and 1 (exclusive), e.g. 0.8'],
  lock: [(v) => isBool(v) || isLockOptions(v), 'true, false or { waitMs?, ttlMs? } in milliseconds > 0'],
};

function isPositiveMs(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

function isLockOptions(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.entries(v).every(([k, x]) => (k === 'waitMs' || k === 'ttlMs') && (x === undefined || isPositiveMs(x)));
}
const memoizeOnly = {
  makeName: [isFn, 'a function'],
  argsToIgnore: [(v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' || Number.isInteger(x)), 'an array of parameter names or indexes'],
} as const;
const cachedOnly = {
  keyPrefix: [(v: unknown) => typeof v === 'string' || isFn(v), 'a string or a function'],
  queryString: [isBool, 'a boolean'],
  makeCacheKey: [isFn, 'a function'],
  responseHitIndication: [isBool, 'a boolean'],
} as const;

/** Checks decorator options at decoration time; a wrong type throws TypeError naming the option. */
export function validateOptions<T extends CommonOptions>(options: unknown, kind: 'memoize' | 'cached'): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${kind}() options must be an object, got ${describeValue(options)}`);
  }
  const rules: Record<string, readonly [(v: unknown) => boolean, string]> = { ...common, ...(kind === 'memoize' ? memoizeOnly : cachedOnly) };
  for (const [name, value] of Object.entries(options)) {
    const rule = rules[name];
    if (!rule) throw new TypeError(`${kind}(): unknown option "${name}"`);
    if (value !== undefined && !rule[0](value)) throw new TypeError(`${kind}(): option ${name} must be ${rule[1]}, got ${describeValue(value)}`);
  }
  const { softTimeout, grace } = options as CommonOptions;
  if (softTimeout !== undefined && !grace) {
    throw new TypeError(`${kind}(): softTimeout needs grace: only a value kept past its timeout can be returned while the recomputation finishes`);
  }
  return options as T;
}
