import type { Backend } from './backends/backend.js';
import { BackendSlot } from './backend-slot.js';
import { DecodeMemo } from './codec/decode-memo.js';
import { defaultSerializer, type Serializer } from './codec/serializer.js';
import { BackendError, describeValue, messageOf } from './errors.js';
import type { Outcomes } from './observe/outcomes.js';
import { keyPrefixer } from './key-prefixer.js';
import { checkTimeout, fitTtl } from './timeout.js';
import type { CacheConfig, Logger } from './types.js';

/**
 * The proxy methods of a Cache (Flask's `cache.get`, `cache.set`, ...) over one backend: key
 * checks, timeouts in seconds, serialization with the decode memo, the key prefix, and the guard
 * every backend call goes through. `Cache` adds configuration, events and the decorators.
 */
export abstract class CacheStore {
  #config: CacheConfig = {};
  #slot!: BackendSlot;
  #serializer: Serializer = defaultSerializer;
  #decodeMemo: DecodeMemo | undefined;
  #logger: Logger = console;
  #prefixer: { prefix: string; add: (key: string) => string } | undefined;

  /** Builds the backend slot and codec for `config` (a Cache calls it again on `init()`). */
  protected configureStore(config: CacheConfig, logger: Logger, outcomes: Outcomes): BackendSlot {
    this.#config = config;
    this.#logger = logger;
    this.#serializer = config.serializer ?? defaultSerializer;
    this.#decodeMemo = this.#serializer === defaultSerializer ? new DecodeMemo() : undefined;
    this.#slot = new BackendSlot(config, logger, outcomes);
    return this.#slot;
  }

  /** `prefix + key` for reads, with the strings of hot keys built once (see keyPrefixer). */
  #prefixed(prefix: string): (key: string) => string {
    if (this.#prefixer?.prefix !== prefix) this.#prefixer = { prefix, add: keyPrefixer(prefix) };
    return this.#prefixer.add;
  }

  /** The slot of the backend in use. */
  protected get slot(): BackendSlot {
    return this.#slot;
  }

  /** The serializer in use. */
  protected get serializer(): Serializer {
    return this.#serializer;
  }

  /** The key prefix in use (the backend's default when the config sets none). */
  get keyPrefix(): string {
    return this.#slot.prefix;
  }

  /** Seconds an entry lives when no timeout is given. */
  get defaultTimeout(): number {
    return this.#config.defaultTimeout ?? 300;
  }

  /** The backend once it is ready (in-process backends are ready at once). */
  backend(): Promise<Backend> {
    return this.#slot.ready();
  }

  /** Whether the backend is shared with other processes (known once it is ready). */
  get shared(): boolean {
    return this.#slot.shared;
  }

  #checkKey(key: unknown, operation: string): string {
    if (typeof key !== 'string') throw new TypeError(`${operation}(): keys must be strings, got ${describeValue(key)}`);
    return key;
  }

  #ttl(timeout: unknown): number {
    return checkTimeout(timeout, 'timeout') ?? this.defaultTimeout;
  }

  /** The ttl `set` stores with for `timeout` seconds (the default when `undefined`). */
  protected readonly ttlOf = (timeout: number | undefined): number => this.#ttl(timeout);

  #load(raw: string | undefined, key: string): unknown {
    if (raw === undefined) return undefined;
    try {
      return this.#decodeMemo ? this.#decodeMemo.loads(raw) : this.#serializer.loads(raw);
    } catch (error) {
      this.#logger.warn(`decocache: could not decode the value at "${key}", treating it as a miss: ${messageOf(error)}`);
      return undefined;
    }
  }

  /** The value at `key`, or `undefined` when missing or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#checkKey(key, 'get');
    return this.#load(await this.#slot.run('get', (b, p) => b.get(p + key)), key) as T | undefined;
  }

  /** Whether a live entry exists at `key`. */
  async has(key: string): Promise<boolean> {
    this.#checkKey(key, 'has');
    return this.#slot.run('has', (b, p) => b.has(p + key));
  }

  /** Stores `value` for `timeout` seconds (default `defaultTimeout`, `0` = forever); resolves `true`. */
  async set(key: string, value: unknown, timeout?: number): Promise<boolean> {
    this.#checkKey(key, 'set');
    const ttl = this.#ttl(timeout);
    const raw = this.#serializer.dumps(value);
    return this.#slot.run('set', (b, p) => b.set(p + key, raw, fitTtl(b, ttl)));
  }

  /** Stores only when `key` is absent; resolves `true` if it stored (atomic on Redis and Memcached). */
  async add(key: string, value: unknown, timeout?: number): Promise<boolean> {
    this.#checkKey(key, 'add');
    const ttl = this.#ttl(timeout);
    const raw = this.#serializer.dumps(value);
    return this.#slot.run('add', (b, p) => b.add(p + key, raw, fitTtl(b, ttl)));
  }

  /** Removes `key`; resolves whether it existed. */
  async delete(key: string): Promise<boolean> {
    this.#checkKey(key, 'delete');
    return this.#slot.run('delete', (b, p) => b.delete(p + key));
  }

  /** Removes keys; resolves the keys now absent (a missing key counts as deleted). */
  async deleteMany(...keys: string[]): Promise<string[]> {
    for (const k of keys) this.#checkKey(k, 'deleteMany');
    const deleted = await this.#slot.run('deleteMany', async (b, p) => {
      const gone = new Set(await b.deleteMany(keys.map((k) => p + k)));
      return keys.filter((k) => gone.has(p + k));
    });
    if (deleted.length < keys.length && !this.#config.ignoreErrors) {
      throw new BackendError(`Failed to delete keys: ${JSON.stringify(keys.filter((k) => !deleted.includes(k)))}`);
    }
    return deleted;
  }

  /** Like deleteMany; Redis reclaims the memory in the background (UNLINK). */
  async unlink(...keys: string[]): Promise<string[]> {
    for (const k of keys) this.#checkKey(k, 'unlink');
    return this.#slot.run('unlink', async (b, p) => {
      const full = keys.map((k) => p + k);
      const gone = new Set(await (b.unlink ? b.unlink(full) : b.deleteMany(full)));
      return keys.filter((k) => gone.has(p + k));
    });
  }

  /** Values in key order, `undefined` for misses. */
  getMany<T = unknown>(...keys: string[]): Promise<(T | undefined)[]> {
    // Not async: this is every remote memoized hit's read, and each promise layer costs.
    try {
      for (const k of keys) this.#checkKey(k, 'getMany');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#slot
      .run('getMany', (b, p) => b.getMany(p === '' ? keys : keys.map(this.#prefixed(p))))
      .then((raw) => {
        const values = new Array<T | undefined>(raw.length);
        for (let i = 0; i < raw.length; i++) values[i] = this.#load(raw[i], keys[i]!) as T | undefined;
        return values;
      });
  }

  /** @internal Like getMany, but never answered from a local tier: invalidation paths act on what the shared backend has now. */
  getManyFresh(...keys: string[]): Promise<unknown[]> {
    return this.#slot
      .run('getMany', (b, p) => (b.getManyFresh ?? b.getMany).call(b, keys.map((k) => p + k)))
      .then((raw) => raw.map((r, i) => this.#load(r, keys[i]!)));
  }

  /** Stores every entry of a record, Map or list of pairs; resolves the keys stored. */
  async setMany(entries: Record<string, unknown> | Map<string, unknown> | Iterable<readonly [string, unknown]>, timeout?: number): Promise<string[]> {
    const ttl = this.#ttl(timeout);
    const pairs = isIterable(entries) ? [...entries] : Object.entries(entries);
    const raw = pairs.map(([k, v]) => [this.#checkKey(k, 'setMany'), this.#serializer.dumps(v)] as const);
    return this.#slot.run('setMany', async (b, p) => {
      const stored = await b.setMany(raw.map(([k, v]) => [p + k, v] as const), fitTtl(b, ttl));
      return stored.map((k) => k.slice(p.length));
    });
  }

  /** `{ key: value }` for the keys asked (`undefined` for misses). */
  async getDict<T = unknown>(...keys: string[]): Promise<Record<string, T | undefined>> {
    const values = await this.getMany<T>(...keys);
    return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  }

  /** Adds `delta` to the integer at `key` (missing counts as 0); resolves the new value. */
  async inc(key: string, delta = 1): Promise<number> {
    this.#checkKey(key, 'inc');
    if (!Number.isSafeInteger(delta)) throw new TypeError(`inc()/dec(): delta must be an integer, got ${describeValue(delta)}`);
    return this.#slot.runCommitted('inc', (b, p, gate) => b.inc(p + key, delta, gate));
  }

  /** Subtracts `delta` from the integer at `key`; resolves the new value. */
  async dec(key: string, delta = 1): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new TypeError(`inc()/dec(): delta must be an integer, got ${describeValue(delta)}`);
    return this.inc(key, -delta);
  }

  /** Makes `key` live at least `timeout` more seconds (never shortens); resolves whether it exists. */
  async touch(key: string, timeout?: number): Promise<boolean> {
    this.#checkKey(key, 'touch');
    const ttl = this.#ttl(timeout);
    return this.#slot.run('touch', (b, p) => b.touch(p + key, fitTtl(b, ttl)));
  }

  /** Deletes the keys of this cache matching a glob (`product_*`); resolves how many. */
  async deletePattern(pattern: string): Promise<number> {
    if (typeof pattern !== 'string') throw new TypeError(`deletePattern(): the pattern must be a string, got ${describeValue(pattern)}`);
    return this.#slot.run('deletePattern', (b, p) => {
      if (!b.deletePattern) throw new TypeError(`deletePattern(): ${b.name} cannot enumerate keys`);
      return b.deletePattern(p.replace(/[*?[\]\\]/g, '\\$&') + pattern);
    });
  }

  /** Removes every entry under this cache's key prefix, and nothing outside it; resolves `true`. */
  async clear(): Promise<boolean> {
    return this.#slot.run('clear', (b, prefix) => {
      if (this.#slot.refusesClearAll(b, prefix)) {
        throw new TypeError(`clear(): this ${b.name} has an empty keyPrefix, so clearing would wipe the whole server; set a keyPrefix, or allowClearAll: true to mean it`);
      }
      return b.clear(prefix);
    });
  }

  /** Closes the connections this cache opened (a client passed in stays open). */
  async close(): Promise<void> {
    await this.#slot.close(this.#logger);
  }
}

function isIterable(value: object): value is Iterable<readonly [string, unknown]> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
