import { NotAnIntegerError, NotSupportedError } from '../errors.js';
import { parseInteger } from '../codec/serializer.js';

export { parseInteger };

/** An entry a backend hands out synchronously, with a slot where the Cache keeps its decoded form. */
export interface PeekedEntry {
  /** The stored string. */
  readonly value: string;
  /** The Cache's decoded form of `value` (checked against `raw` before use), kept so hits skip the parser. */
  decoded: { raw: string; value: unknown } | undefined;
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
  /** Milliseconds after which the backend rejects a call by itself; the Cache then skips its own timer. */
  readonly ownTimeoutMs?: number;

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
  /** Adds `delta` to an integer entry (missing counts as 0), keeping its expiry; resolves the new value. */
  inc(key: string, delta: number): Promise<number>;
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

  /** Read, add, write: not atomic, and the entry is rewritten without expiry. */
  async inc(key: string, delta: number): Promise<number> {
    const raw = await this.get(key);
    const current = raw === undefined ? 0 : parseInteger(raw);
    if (current === undefined) throw new NotAnIntegerError(key);
    const next = current + delta;
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
