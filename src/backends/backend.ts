import { NotAnIntegerError, NotSupportedError, unsafeIntegerError } from '../errors.js';
import { parseInteger } from '../codec/serializer.js';

export { parseInteger };

/** An entry a backend hands out synchronously, with a slot where the Cache keeps its decoded form. */
export interface PeekedEntry {
  /** The stored string. */
  readonly value: string;
  /**
   * The Cache's decoded form of `value`, kept so hits skip the parser: checked against `raw` before
   * use, or, with `raw` undefined, given to the backend by `setDecodedNow` and cleared by the backend
   * whenever it rewrites `value`.
   */
  decoded: { raw: string | undefined; value: unknown } | undefined;
}

/** What a backend reports about itself for `decocache stats`; a field it cannot know is left out. */
export interface BackendStats {
  /** Live keys under the prefix asked for. */
  keys?: number;
  /** Bytes the store uses: server memory for Redis and Memcached (the whole server), file sizes for FileSystemCache, keys and values in process. */
  bytes?: number;
  /** Reads the server answered with a value, server-wide, since it started (Redis keyspace_hits, memcached get_hits). */
  hits?: number;
  /** Reads that found nothing, server-wide, since the server started. */
  misses?: number;
}

/** Handed to `Backend.inc`: lets it apply only while its caller still waits for the answer. */
export interface CommitGate {
  /** Call right before applying: `true` means apply now; `false` means the caller gave up, so apply nothing. */
  enter(): boolean;
  /** Whether the caller has already given up, so nothing should even be started. */
  readonly expired: boolean;
}

/**
 * What a storage engine implements. Keys arrive fully prefixed, values already serialized to
 * strings; `ttl` is whole seconds, `0` meaning "never expires". Serialization, key building,
 * single-flight, timeouts and fail-open live once, above this interface, in the Cache.
 */
export interface Backend {
  /** Short name used in logs, e.g. `SimpleCache`. */
  readonly name: string;
  /** True when other processes see the same entries (Redis, Memcached, a shared directory). */
  readonly shared: boolean;
  /** Key prefix the Cache uses when the config gives none (`'decocache_'` on shared servers). */
  readonly defaultKeyPrefix?: string;
  /** True when `clear('')` would wipe data other programs stored (a whole Redis db or memcached server). */
  readonly serverWide?: boolean;
  /** True when `clear(prefix)` never reaches keys of a longer prefix that starts with it (memcached's generations). */
  readonly isolatesPrefixes?: boolean;
  /** The longest ttl in seconds it can store (memcached: until 2106); longer timeouts are a TypeError at the call. */
  readonly maxTtl?: number;

  /** The stored string, or `undefined` when missing or expired. */
  get(key: string): Promise<string | undefined>;
  /** Values in key order, `undefined` for misses. */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Stores unconditionally; resolves `true` when stored. */
  set(key: string, value: string, ttl: number): Promise<boolean>;
  /** Stores every entry with one ttl; resolves the keys stored. */
  setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]>;
  /** Stores only when the key is absent (atomically where the server allows); `true` if stored. */
  add(key: string, value: string, ttl: number): Promise<boolean>;
  /** Removes a key; resolves whether it existed. */
  delete(key: string): Promise<boolean>;
  /** Removes keys; resolves the keys now absent. */
  deleteMany(keys: readonly string[]): Promise<string[]>;
  /** Whether a live entry exists. */
  has(key: string): Promise<boolean>;
  /**
   * Adds `delta` to an integer entry (missing counts as 0), keeping its expiry; resolves the new
   * value. A backend that cannot apply atomically at once calls `gate.enter()` right before it
   * applies and applies nothing when it returns false (the caller has been told it timed out).
   */
  inc(key: string, delta: number, gate?: CommitGate): Promise<number>;
  /**
   * Makes the key live at least `ttl` more seconds (`0`: forever); never shortens it (memcached's
   * TOUCH sets it exactly: an early miss, never a late hit). `true` if the key exists.
   */
  touch(key: string, ttl: number): Promise<boolean>;
  /** Removes every key that starts with `prefix` (all keys for `''`). */
  clear(prefix: string): Promise<boolean>;
  /** Removes keys matching a glob (`*`, `?`, `[...]`); resolves how many. Optional: not every store can enumerate. */
  deletePattern?(pattern: string): Promise<number>;
  /** The live keys matching a glob (`*`, `?`, `[...]`), prefix included. Optional: not every store can enumerate. */
  keys?(pattern: string): Promise<string[]>;
  /** What the store holds under `prefix` and what its server reports (for `decocache stats`). Optional. */
  stats?(prefix: string): Promise<BackendStats>;
  /** Like deleteMany, but lets the server reclaim memory in the background (Redis UNLINK). */
  unlink?(keys: readonly string[]): Promise<string[]>;
  /** Stores only when absent, expiring after `ttlMs` milliseconds, atomically (leases: Redis SET NX PX). Optional. */
  addMs?(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` only while it holds `value`, atomically (releasing a lease); `true` if it deleted. Optional. */
  deleteIfEquals?(key: string, value: string): Promise<boolean>;
  /** Releases what the backend opened itself; a client passed in stays open. */
  close(): Promise<void>;
  /**
   * Declares that the backend answers reads synchronously (in process): the live entry at `key`
   * at time `now` (ms), or `undefined`. Memoized hits are then answered without a promise round trip.
   */
  peek?(key: string, now: number): PeekedEntry | undefined;
  /**
   * With a local tier: the local copy at `key` even while it is not trusted (its bus is down),
   * for serving a value as stale under `grace` when the shared backend fails, never as fresh.
   */
  peekStale?(key: string, now: number): PeekedEntry | undefined;
  /**
   * Declares that the backend writes synchronously (in process): `set` without the promise.
   * A memoized miss then stores its result with no promise between the computation and the entry.
   */
  setNow?(key: string, value: string, ttl: number): void;
  /**
   * With `setNow`: stores a value the Cache has not encoded (a copy it hands over): `peek` hands it
   * out as the entry's `decoded`, with `raw` undefined, and the stored string is `encode(decoded)`,
   * made when first needed, so an entry only ever read in place is never encoded.
   */
  setDecodedNow?(key: string, decoded: unknown, encode: (decoded: unknown) => string, ttl: number): void;
  /** With `setNow`: `touch` without the promise. */
  touchNow?(key: string, ttl: number): boolean;
  /**
   * With a local tier: how many invalidations this process applied (its own writes, bus messages,
   * reconnects); a computation begun under another count may be stale and is not joined.
   */
  readonly invalidations?: number;
  /** With a local tier: reads the shared backend, never a local copy (invalidation paths act on what it has now). */
  getManyFresh?(keys: readonly string[]): Promise<(string | undefined)[]>;
}

/**
 * What `inc` stores: the integer in `raw` (missing counts as 0) plus `delta`. Anything but an
 * integer is a NotAnIntegerError; a stored integer or a result beyond Number.MAX_SAFE_INTEGER is a
 * RangeError, since it would come back rounded (Redis holds it exactly and refuses it the same way).
 */
export function incremented(key: string, raw: string | undefined, delta: number): number {
  if (raw === undefined) return delta;
  if (!/^-?\d+$/.test(raw)) throw new NotAnIntegerError(key);
  const current = parseInteger(raw);
  const next = current === undefined ? NaN : current + delta;
  if (!Number.isSafeInteger(next)) throw unsafeIntegerError(key);
  return next;
}

/** Throws, so nothing is applied, when the caller of an inc has already given up (its gate refuses). */
export function enterGate(gate: CommitGate | undefined, key: string): void {
  if (gate !== undefined && !gate.enter()) throw givenUp(key);
}

/** The error an inc settles with when it is dropped because its caller gave up (already told it timed out). */
export function givenUp(key: string): Error {
  return new Error(`inc on "${key}" was given up before it applied`);
}

/**
 * A base for custom backends: implement get, set, delete, has and clear; the many-key calls,
 * add, inc and touch are derived (without atomicity: override them where the store has it).
 */
export abstract class BaseBackend implements Backend {
  abstract readonly name: string;
  readonly shared: boolean = false;

  abstract get(key: string): Promise<string | undefined>;
  abstract set(key: string, value: string, ttl: number): Promise<boolean>;
  abstract delete(key: string): Promise<boolean>;
  abstract has(key: string): Promise<boolean>;
  abstract clear(prefix: string): Promise<boolean>;

  /** Reads each key in parallel. */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  /** Writes each entry in parallel. */
  async setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    const stored = await Promise.all(entries.map(([k, v]) => this.set(k, v, ttl)));
    return entries.filter((_, i) => stored[i]).map(([k]) => k);
  }

  /** `has` then `set`: not atomic. */
  async add(key: string, value: string, ttl: number): Promise<boolean> {
    if (await this.has(key)) return false;
    return this.set(key, value, ttl);
  }

  /** Deletes each key, then reports those no longer present. */
  async deleteMany(keys: readonly string[]): Promise<string[]> {
    await Promise.all(keys.map((k) => this.delete(k)));
    const still = await Promise.all(keys.map((k) => this.has(k)));
    return keys.filter((_, i) => !still[i]);
  }

  /** Read, add, write: not atomic, and the entry is rewritten without expiry; never written once the caller gave up. */
  async inc(key: string, delta: number, gate?: CommitGate): Promise<number> {
    const next = incremented(key, await this.get(key), delta);
    enterGate(gate, key);
    await this.set(key, String(next), 0);
    return next;
  }

  /** Rewrites the value with the new ttl (cannot know the old expiry, so it may shorten it). */
  async touch(key: string, ttl: number): Promise<boolean> {
    const raw = await this.get(key);
    if (raw === undefined) return false;
    return this.set(key, raw, ttl);
  }

  /** Not supported unless overridden. */
  deletePattern(_pattern: string): Promise<number> {
    return Promise.reject(new NotSupportedError(`${this.name} cannot enumerate keys, so deletePattern is not available`));
  }

  /** Nothing to release by default. */
  async close(): Promise<void> {}
}
