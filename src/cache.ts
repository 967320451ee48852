import type { Backend } from './backends/backend.js';
import { BackendSlot } from './backend-slot.js';
import { inPlaceRead, type InPlaceRead } from './codec/in-place-read.js';
import type { CallDeadline } from './call-deadline.js';
import { DecodeMemo } from './codec/decode-memo.js';
import { defaultSerializer, type Serializer } from './codec/serializer.js';
import { validateConfig } from './config.js';
import { createCached } from './decorators/cached/decorator.js';
import { deleteCachedIn, type ViewTarget } from './decorators/cached/key.js';
import { hostConstructed, provideHostFactory, type DecoratedErrorEvent, type DecoratorHost } from './decorators/host.js';
import { createMemoize } from './decorators/memoize/decorator.js';
import { deleteMemoizedIn, deleteMemoizedInstanceIn, deleteMemoizedVerhashIn } from './decorators/memoize/invalidate.js';
import type { AnySignature, CachedOptions, MemoizeOptions, Signature } from './decorators/options.js';
import type { AsyncMethod, CachedDecorator, DeleteArgs, DeleteMethodArgs, MemoizeDecorator, MemoizedFunction } from './decorators/types.js';
import { configFromEnv } from './env.js';
import { BackendError, CircuitOpenError, describeValue, messageOf } from './errors.js';
import { CacheEvents } from './events.js';
import { acquireLease, releaseLease } from './fleet/lease.js';
import { hitLog } from './observe/hit-log.js';
import { Outcomes, type CacheStats } from './observe/outcomes.js';
import { checkTimeout, fitTtl } from './timeout.js';
import type { CacheConfig, HashMethod, Logger } from './types.js';

/**
 * The cache facade: proxy methods over one backend, a key prefix, default timeout, serializer,
 * events, and the memoize/cached decorators bound to this cache. Lazy `init()` mirrors Flask's
 * `init_app`: decorators may be applied before the cache is configured.
 *
 * @example
 * const cache = new Cache({ type: 'SimpleCache', defaultTimeout: 60 });
 * await cache.set('greeting', 'hello');
 */
export class Cache implements DecoratorHost {
  /** `hit`, `miss` and `error` events of the decorators. */
  readonly events = new CacheEvents();
  /** @internal Outcome counters of decorated calls and the observers attached to them (kept across `init()`). */
  readonly outcomes = new Outcomes();
  readonly #baseConfig: CacheConfig;
  #config: CacheConfig = {};
  #slot!: BackendSlot;
  #serializer: Serializer = defaultSerializer;
  #decodeMemo: DecodeMemo | undefined;
  #logger: Logger = console;
  #inPlaceRead: InPlaceRead | undefined;
  #staleRead: InPlaceRead | undefined;

  constructor(config?: CacheConfig) {
    this.#baseConfig = validateConfig(config);
    this.#apply(this.#baseConfig);
    hostConstructed(this);
  }

  /** A Cache configured from Flask-Caching's environment variables (CACHE_TYPE, CACHE_REDIS_URL, MEMCACHIER_SERVERS, ...). */
  static fromEnv(env: Record<string, string | undefined> = process.env, overrides: CacheConfig = {}): Cache {
    return new Cache({ ...configFromEnv(env), ...overrides });
  }

  /** (Re)configures the cache, merging over the constructor config (Flask's `init_app`); returns `this`. */
  init(config?: CacheConfig): this {
    const merged = { ...this.#baseConfig, ...validateConfig(config) };
    void this.#slot.close(this.#logger);
    this.#apply(merged);
    return this;
  }

  /** The effective configuration. */
  get config(): Readonly<CacheConfig> {
    return this.#config;
  }

  /** The key prefix in use (the backend's default when the config sets none). */
  get keyPrefix(): string {
    return this.#slot.prefix;
  }

  /** Seconds an entry lives when no timeout is given. */
  get defaultTimeout(): number {
    return this.#config.defaultTimeout ?? 300;
  }

  /** The hash method for decorator keys. */
  get hashMethod(): HashMethod {
    return this.#config.hashMethod ?? 'sha256';
  }

  /** Whether memoize and cached keys include the function source when a decorator does not say. */
  get sourceCheck(): boolean {
    return this.#config.sourceCheck ?? false;
  }

  /** Where errors are reported. */
  get logger(): Logger {
    return this.#logger;
  }

  /** @internal The decorators' synchronous read, when the backend answers in place. */
  get inPlaceRead(): InPlaceRead | undefined {
    return this.#inPlaceRead;
  }

  /** @internal The local tier's copies even while untrusted (grace when the backend fails). */
  get staleRead(): InPlaceRead | undefined {
    return this.#staleRead;
  }

  /** @internal Invalidations the local tier applied so far (0 without one). */
  get invalidations(): number {
    return this.#slot.current?.invalidations ?? 0;
  }

  /** @internal Replaced on every (re)configuration, so decorator state of the old backend is dropped. */
  get backendEpoch(): object {
    return this.#slot;
  }

  /** The backend once it is ready (in-process backends are ready at once). */
  backend(): Promise<Backend> {
    return this.#slot.ready();
  }

  /** Whether the backend is shared with other processes (known once it is ready). */
  get shared(): boolean {
    return this.#slot.shared;
  }

  #apply(config: CacheConfig): void {
    this.#config = config;
    this.#logger = config.logger ?? console;
    this.#serializer = config.serializer ?? defaultSerializer;
    this.#decodeMemo = this.#serializer === defaultSerializer ? new DecodeMemo() : undefined;
    const slot = new BackendSlot(config, this.#logger, this.outcomes);
    this.#slot = slot;
    this.#inPlaceRead = undefined;
    this.#staleRead = undefined;
    this.outcomes.log = config.logHits || config.debug ? hitLog(this.#logger, () => this.#slot.prefix) : undefined;
    // A subclass that overrides the reads (Flask's subclassing contract) sees every hit through them.
    if (this.getMany !== Cache.prototype.getMany || this.get !== Cache.prototype.get) return;
    const serializer = this.#serializer;
    const readers = (backend: Backend): void => {
      this.#inPlaceRead = inPlaceRead(backend, slot.prefix, serializer);
      this.#staleRead = inPlaceRead(backend, slot.prefix, serializer, 'peekStale');
    };
    if (slot.current) readers(slot.current);
    else {
      slot.ready().then(
        (backend) => {
          if (this.#slot === slot) readers(backend);
        },
        () => {},
      );
    }
  }

  #checkKey(key: unknown, operation: string): string {
    if (typeof key !== 'string') throw new TypeError(`${operation}(): keys must be strings, got ${describeValue(key)}`);
    return key;
  }

  #ttl(timeout: unknown): number {
    return checkTimeout(timeout, 'timeout') ?? this.defaultTimeout;
  }

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
      .run('getMany', (b, p) => b.getMany(p === '' ? keys : keys.map((k) => p + k)))
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

  /** @internal Takes the fleet-wide lease on `key` (stored at `key:lock` under the prefix) for `ttlMs`. */
  acquireLease(key: string, ttlMs: number): Promise<string | undefined> {
    return this.#slot.run('lease', (b, p) => acquireLease(b, p + key, ttlMs));
  }

  /** @internal Releases the lease on `key` if `token` still holds it. */
  releaseLease(key: string, token: string): Promise<boolean> {
    return this.#slot.run('lease', (b, p) => releaseLease(b, p + key, token));
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

  /**
   * Memoizes an async method or function in this cache, keyed by class, name and arguments. The
   * optional type argument (the method's type) types the option callbacks.
   *
   * @example
   * class Users { @cache.memoize({ timeout: 60 }) async stats(id: number) { ... } }
   */
  memoize<F extends Signature = AnySignature>(options?: MemoizeOptions<F>): MemoizeDecorator {
    return createMemoize(options as MemoizeOptions | undefined, this);
  }

  /**
   * Caches an async view or function in this cache under the request path (`view/%s`).
   *
   * @example
   * class Pages { @cache.cached({ timeout: 50 }) async index() { ... } }
   */
  cached<F extends Signature = AnySignature>(options?: CachedOptions<F>): CachedDecorator {
    return createCached(options as CachedOptions | undefined, this);
  }

  /** Invalidates all entries of `fn`, or with arguments (a method's instance or class first) exactly one. */
  deleteMemoized<Args extends unknown[], R>(fn: MemoizedFunction<unknown, Args, R>, ...args: DeleteArgs<Args>): Promise<boolean>;
  deleteMemoized<Args extends unknown[], R>(fn: (...args: Args) => Promise<R>, ...args: DeleteMethodArgs<Args>): Promise<boolean>;
  deleteMemoized(fn: unknown, ...args: unknown[]): Promise<boolean> {
    return deleteMemoizedIn(this, fn, args);
  }

  /** Invalidates all entries of `fn` for one instance. */
  deleteMemoizedInstance(instance: object, fn: AsyncMethod): Promise<boolean> {
    return deleteMemoizedInstanceIn(this, instance, fn);
  }

  /** Deletes the version key of `fn` (of one instance when given). */
  deleteMemoizedVerhash(fn: AsyncMethod, instance?: object): Promise<boolean> {
    return deleteMemoizedVerhashIn(this, fn, instance);
  }

  /** Deletes the cached entry of a view for a path and query arguments. */
  deleteCached(fn: AsyncMethod, target?: ViewTarget): Promise<boolean> {
    return deleteCachedIn(this, fn, target);
  }

  /** Hits, misses, stale values and errors of decorated calls since construction or `resetStats()`, in total and by function name. */
  stats(): CacheStats {
    return this.outcomes.snapshot();
  }

  /** Sets every `stats()` counter back to zero. */
  resetStats(): void {
    this.outcomes.reset();
  }

  /** @internal A deadline of operationTimeout from now that the backend calls of one decorated call share. */
  callDeadline(): CallDeadline {
    return this.#slot.callDeadline();
  }

  /** @internal Counts, then rejects (debug) or reports a swallowed backend error of a decorated call of `fname`. */
  reportError(error: unknown, event: DecoratedErrorEvent, fname?: string): void {
    this.outcomes.recordError(fname, error);
    if (this.#config.debug) throw error;
    const skipped = error instanceof BackendError && error.cause instanceof CircuitOpenError;
    if (!skipped) this.#logger.warn(`decocache: ${event.kind} ran uncached after a cache error${event.key ? ` (key ${event.key})` : ''}: ${messageOf(error)}`);
    this.events.emit('error', { ...event, error });
  }
}

function isIterable(value: object): value is Iterable<readonly [string, unknown]> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

// Decorators used before any Cache is constructed get a SimpleCache, made here so they never import the facade.
provideHostFactory(() => new Cache());
