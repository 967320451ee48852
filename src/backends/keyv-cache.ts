import type Keyv from 'keyv';
import type { KeyvStoreAdapter } from 'keyv';
import { NotSupportedError } from '../errors.js';
import type { CacheConfig } from '../types.js';
import { enterGate, givenUp, incremented, type Backend, type CommitGate } from './backend.js';
import { globToRegExp } from './glob.js';
import { laterExpiry } from './expiry.js';
import { peer } from './peers.js';

/** Options of KeyvCache. */
export interface KeyvCacheOptions {
  /** An existing Keyv instance; the backend never disconnects it. */
  client?: Keyv<unknown>;
  /** A Keyv storage adapter (or Map) for a Keyv the backend creates; default in memory. */
  store?: KeyvStoreAdapter | Map<unknown, unknown>;
  /** Keyv namespace for a Keyv the backend creates. */
  namespace?: string;
  /** Whether other processes see the same entries (true for Redis, Postgres... adapters); default false. */
  shared?: boolean;
}

/**
 * Any Keyv store as a backend. Keyv has no conditional writes or atomic counters, so `add` is
 * has-then-set and `inc` is read-modify-write. Within one process they are serialized per key (so
 * they are atomic for an in-memory store), but across processes sharing a store two callers can
 * both "add" or lose an increment: use RedisCache or a memcached backend when that matters.
 */
export class KeyvCache implements Backend {
  /** Backend name used in logs. */
  readonly name = 'KeyvCache';
  /** Whether other processes see the same entries. */
  readonly shared: boolean;
  /** Keyv namespaces keys itself, so no prefix is added by default. */
  readonly defaultKeyPrefix = '';
  /** A shared store's `clear('')` wipes what other programs stored in the namespace. */
  readonly serverWide: boolean;
  /** The Keyv instance in use. */
  readonly keyv: Keyv<unknown>;
  readonly #owned: boolean;
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(options: KeyvCacheOptions = {}) {
    this.#owned = options.client === undefined;
    // An explicit `namespace: undefined` makes Keyv's iterator yield empty keys, so it is left out.
    const namespace = options.namespace === undefined ? {} : { namespace: options.namespace };
    this.keyv = options.client ?? new (peer('keyv', 'KeyvCache'))<unknown>({ store: options.store ?? new Map(), ...namespace, throwOnErrors: true });
    this.shared = options.shared ?? false;
    this.serverWide = this.shared;
  }

  async get(key: string): Promise<string | undefined> {
    return asString(await this.keyv.get(key));
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.keyv.getMany([...keys]);
    return values.map(asString);
  }

  async set(key: string, value: string, ttl: number): Promise<boolean> {
    return this.keyv.set(key, value, ttl * 1000);
  }

  async setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    const stored = await Promise.all(entries.map(([k, v]) => this.set(k, v, ttl)));
    return entries.filter((_, i) => stored[i]).map(([k]) => k);
  }

  /** Not atomic on Keyv: another writer can store between the check and the write. */
  async add(key: string, value: string, ttl: number): Promise<boolean> {
    return this.#serial(key, async () => {
      if (await this.keyv.has(key)) return false;
      return this.set(key, value, ttl);
    });
  }

  async delete(key: string): Promise<boolean> {
    // A Map store still holds an expired entry until it is read: only a live one counts as existing.
    const existed = await this.keyv.has(key);
    await this.keyv.delete(key);
    return existed;
  }

  async deleteMany(keys: readonly string[]): Promise<string[]> {
    await Promise.all(keys.map((k) => this.keyv.delete(k)));
    return [...keys];
  }

  async has(key: string): Promise<boolean> {
    return this.keyv.has(key);
  }

  /** Read-modify-write that keeps the entry's expiry; not atomic on Keyv; never written once the caller gave up. */
  async inc(key: string, delta: number, gate?: CommitGate): Promise<number> {
    return this.#serial(key, () => this.#inc(key, delta, gate));
  }

  async #inc(key: string, delta: number, gate: CommitGate | undefined): Promise<number> {
    if (gate?.expired) throw givenUp(key);
    const raw = await this.keyv.getRaw(key);
    const value = asString(raw?.value);
    const next = incremented(key, value, delta);
    enterGate(gate, key);
    await this.keyv.set(key, String(next), remaining(value === undefined ? 0 : raw?.expires));
    return next;
  }

  /** Never shortens: Keyv exposes the current expiry, so the later of the two is kept. */
  async touch(key: string, ttl: number): Promise<boolean> {
    return this.#serial(key, () => this.#touch(key, ttl));
  }

  async #touch(key: string, ttl: number): Promise<boolean> {
    const raw = await this.keyv.getRaw(key);
    const value = asString(raw?.value);
    if (value === undefined) return false;
    const target = ttl > 0 ? Date.now() + ttl * 1000 : 0;
    return this.keyv.set(key, value, remaining(laterExpiry(raw?.expires ?? 0, target)));
  }

  /** `''` clears the whole Keyv namespace; a prefix needs a store Keyv can iterate. */
  async clear(prefix: string): Promise<boolean> {
    if (prefix === '') {
      await this.keyv.clear();
      return true;
    }
    await this.#deleteWhere((key) => key.startsWith(prefix), 'clear(prefix)');
    return true;
  }

  async deletePattern(pattern: string): Promise<number> {
    const re = globToRegExp(pattern);
    return this.#deleteWhere((key) => re.test(key), 'deletePattern');
  }

  /** The keys matching a glob, where the store can be iterated. */
  async keys(pattern: string): Promise<string[]> {
    const re = globToRegExp(pattern);
    return this.#keysWhere((key) => re.test(key), 'keys');
  }

  async close(): Promise<void> {
    if (this.#owned) await this.keyv.disconnect();
  }

  /** Runs read-modify-write steps on one key one after another in this process. */
  async #serial<T>(key: string, step: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(step, step);
    const settled = run.catch(() => undefined);
    this.#locks.set(key, settled);
    void settled.then(() => {
      if (this.#locks.get(key) === settled) this.#locks.delete(key);
    });
    return run;
  }

  async #keysWhere(match: (key: string) => boolean, operation: string): Promise<string[]> {
    const iterate = this.keyv.iterator;
    if (typeof iterate !== 'function') {
      throw new NotSupportedError(`${operation}: this Keyv store cannot be iterated, so KeyvCache cannot find keys by prefix or pattern`);
    }
    const found: string[] = [];
    for await (const [key] of iterate(undefined) as AsyncGenerator<[string, unknown]>) if (match(key)) found.push(key);
    return found;
  }

  async #deleteWhere(match: (key: string) => boolean, operation: string): Promise<number> {
    // Collect first: deleting while a store's cursor is open can skip entries.
    const doomed = await this.#keysWhere(match, operation);
    const deleted = await Promise.all(doomed.map((k) => this.keyv.delete(k)));
    return deleted.filter(Boolean).length;
  }

}

/**
 * Builds a KeyvCache from a Cache config: `client` when it is a Keyv instance, else an in-memory Keyv.
 * @example
 * const cache = new Cache({ type: 'KeyvCache', client: new Keyv(new KeyvRedis('redis://localhost')) });
 */
export function createKeyvBackend(config: CacheConfig): Backend {
  if (config.client === undefined) return new KeyvCache();
  if (!(config.client instanceof peer('keyv', 'KeyvCache'))) throw new TypeError('client must be a Keyv instance for KeyvCache (or leave it out for an in-memory Keyv)');
  return new KeyvCache({ client: config.client as Keyv<unknown> });
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Milliseconds left until an absolute expiry, for Keyv's set (`0` = never; at least 1 ms when due). */
function remaining(expires: number | undefined): number {
  if (!expires) return 0;
  return Math.max(1, expires - Date.now());
}
