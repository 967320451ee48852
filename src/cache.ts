import type { Backend } from './backends/backend.js';
import { CacheStore } from './cache-store.js';
import type { CallDeadline } from './call-deadline.js';
import { inPlaceRead, type InPlaceRead } from './codec/in-place-read.js';
import { inPlaceWrite, type InPlaceWrite } from './codec/in-place-write.js';
import { validateConfig } from './config.js';
import { createCached } from './decorators/cached/decorator.js';
import { deleteCachedIn, type ViewTarget } from './decorators/cached/key.js';
import { hostConstructed, provideHostFactory, type DecoratedErrorEvent, type DecoratorHost } from './decorators/host.js';
import { createMemoize } from './decorators/memoize/decorator.js';
import { deleteMemoizedIn, deleteMemoizedInstanceIn, deleteMemoizedVerhashIn } from './decorators/memoize/invalidate.js';
import type { AnySignature, CachedOptions, MemoizeOptions, Signature } from './decorators/options.js';
import type { AsyncMethod, CachedDecorator, DeleteArgs, DeleteMethodArgs, MemoizeDecorator, MemoizedFunction } from './decorators/types.js';
import { configFromEnv } from './env.js';
import { BackendError, CircuitOpenError, messageOf } from './errors.js';
import { CacheEvents } from './events.js';
import { acquireLease, releaseLease } from './fleet/lease.js';
import { hitLog } from './observe/hit-log.js';
import { Outcomes, type CacheStats } from './observe/outcomes.js';
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
export class Cache extends CacheStore implements DecoratorHost {
  /** `hit`, `miss` and `error` events of the decorators. */
  readonly events = new CacheEvents();
  /** @internal Outcome counters of decorated calls and the observers attached to them (kept across `init()`). */
  readonly outcomes = new Outcomes();
  readonly #baseConfig: CacheConfig;
  #config: CacheConfig = {};
  #logger: Logger = console;
  #inPlaceRead: InPlaceRead | undefined;
  #staleRead: InPlaceRead | undefined;
  #inPlaceWrite: InPlaceWrite | undefined;

  constructor(config?: CacheConfig) {
    super();
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
    void this.slot.close(this.#logger);
    this.#apply(merged);
    return this;
  }

  /** The effective configuration. */
  get config(): Readonly<CacheConfig> {
    return this.#config;
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

  /**
   * @internal The decorators' synchronous writes, when the backend stores in place and no observer
   * times backend calls (`instrument()` then sees every store of a miss as a `set`).
   */
  get inPlaceWrite(): InPlaceWrite | undefined {
    return this.outcomes.timer === undefined ? this.#inPlaceWrite : undefined;
  }

  /** @internal The local tier's copies even while untrusted (grace when the backend fails). */
  get staleRead(): InPlaceRead | undefined {
    return this.#staleRead;
  }

  /** @internal Invalidations the local tier applied so far (0 without one). */
  get invalidations(): number {
    return this.slot.current?.invalidations ?? 0;
  }

  /** @internal Replaced on every (re)configuration, so decorator state of the old backend is dropped. */
  get backendEpoch(): object {
    return this.slot;
  }

  #apply(config: CacheConfig): void {
    this.#config = config;
    this.#logger = config.logger ?? console;
    const slot = this.configureStore(config, this.#logger, this.outcomes);
    this.#inPlaceRead = undefined;
    this.#staleRead = undefined;
    this.#inPlaceWrite = undefined;
    this.outcomes.log = config.logHits || config.debug ? hitLog(this.#logger, () => this.slot.prefix) : undefined;
    // A subclass that overrides the reads (Flask's subclassing contract) sees every hit through them.
    if (this.getMany !== CacheStore.prototype.getMany || this.get !== CacheStore.prototype.get) return;
    const serializer = this.serializer;
    // Likewise for the writes: a subclass that overrides set or touch sees every store.
    const writes = this.set === CacheStore.prototype.set && this.touch === CacheStore.prototype.touch;
    const readers = (backend: Backend): void => {
      this.#inPlaceRead = inPlaceRead(backend, slot.prefix, serializer);
      this.#staleRead = inPlaceRead(backend, slot.prefix, serializer, 'peekStale');
      if (writes) this.#inPlaceWrite = inPlaceWrite(backend, slot.prefix, serializer, this.ttlOf);
    };
    if (slot.current) readers(slot.current);
    else {
      slot.ready().then(
        (backend) => {
          if (this.slot === slot) readers(backend);
        },
        () => {},
      );
    }
  }

  /** @internal Takes the fleet-wide lease on `key` (stored at `key:lock` under the prefix) for `ttlMs`. */
  acquireLease(key: string, ttlMs: number): Promise<string | undefined> {
    return this.slot.run('lease', (b, p) => acquireLease(b, p + key, ttlMs));
  }

  /** @internal Releases the lease on `key` if `token` still holds it. */
  releaseLease(key: string, token: string): Promise<boolean> {
    return this.slot.run('lease', (b, p) => releaseLease(b, p + key, token));
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
    return this.slot.callDeadline();
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

// Decorators used before any Cache is constructed get a SimpleCache, made here so they never import the facade.
provideHostFactory(() => new Cache());
