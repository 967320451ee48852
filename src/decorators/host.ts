import type { CallDeadline } from '../call-deadline.js';
import type { InPlaceRead } from '../codec/in-place-read.js';
import type { InPlaceWrite } from '../codec/in-place-write.js';
import type { CacheEvents } from '../events.js';
import type { Outcomes } from '../observe/outcomes.js';
import type { HashMethod, Logger } from '../types.js';

/** Where a decorated call that ran uncached after a cache error came from. */
export interface DecoratedErrorEvent {
  /** Which decorator or tag reports it. */
  kind: 'memoize' | 'cached' | 'fragment';
  /** The key involved, when one was built. */
  key?: string;
  /** The decorated function, when there is one. */
  fn?: (...args: never[]) => unknown;
}

/**
 * What the decorators need of a cache: the proxy calls their keys go through, the settings keys
 * depend on, and where outcomes go. `Cache` implements it, so the decorators never import the
 * facade and the facade is the one place that ties the two together.
 */
export interface DecoratorHost {
  /** The value at `key`, or `undefined`. */
  get(key: string): Promise<unknown>;
  /** Values in key order. */
  getMany(...keys: string[]): Promise<unknown[]>;
  /** Stores a value for `timeout` seconds (default the cache's). */
  set(key: string, value: unknown, timeout?: number): Promise<boolean>;
  /** Stores only when absent. */
  add(key: string, value: unknown, timeout?: number): Promise<boolean>;
  /** Whether a live entry exists. */
  has(key: string): Promise<boolean>;
  /** Removes one key. */
  delete(key: string): Promise<boolean>;
  /** Removes keys; resolves those now absent. */
  deleteMany(...keys: string[]): Promise<string[]>;
  /** Makes a key live at least `timeout` more seconds. */
  touch(key: string, timeout?: number): Promise<boolean>;
  /** Digest of keys when a decorator sets none. */
  readonly hashMethod: HashMethod;
  /** Whether keys include the function source when a decorator does not say. */
  readonly sourceCheck: boolean;
  /** Whether other processes see the same entries. */
  readonly shared: boolean;
  /** Where warnings go. */
  readonly logger: Logger;
  /** `hit`, `miss` and `error` listeners. */
  readonly events: CacheEvents;
  /** A deadline of `operationTimeout` from now, shared by the backend calls one decorated call makes one after another. */
  callDeadline(): CallDeadline;
  /** Counts decorated calls' outcomes per function (`cache.stats()`) and forwards them to observers. */
  readonly outcomes: Outcomes;
  /** Reports a swallowed cache error of a decorated call (or re-throws it in debug mode), counted under `fname`. */
  reportError(error: unknown, event: DecoratedErrorEvent, fname?: string): void;
  /** The synchronous read when the backend answers in place (it declares `peek`), else `undefined`. */
  readonly inPlaceRead: InPlaceRead | undefined;
  /** The synchronous writes when the backend stores in place (it declares `setNow` and `touchNow`), else `undefined`. */
  readonly inPlaceWrite: InPlaceWrite | undefined;
  /** The local tier's copies even while they are not trusted, for serving stale under `grace` when the backend fails; else `undefined`. */
  readonly staleRead: InPlaceRead | undefined;
  /** Invalidations this process applied to its local tier so far (0 without one): a computation begun under another count is not joined. */
  readonly invalidations: number;
  /** Like getMany, but never answered from a local tier (invalidation paths). */
  getManyFresh(...keys: string[]): Promise<unknown[]>;
  /** Seconds an entry lives when a decorator sets no timeout. */
  readonly defaultTimeout: number;
  /** Takes the fleet-wide lease on `key` for `ttlMs`: the token to release it with, or `undefined` when another holder has it. */
  acquireLease(key: string, ttlMs: number): Promise<string | undefined>;
  /** Gives the lease on `key` back if `token` still holds it. */
  releaseLease(key: string, token: string): Promise<boolean>;
  /** An object replaced whenever the cache is reconfigured: decorator state kept for the old backend goes with it. */
  readonly backendEpoch: object;
}

let explicit: DecoratorHost | undefined;
let first: DecoratorHost | undefined;
let create: (() => DecoratorHost) | undefined;

/** Makes `host` the one decorators without a bound cache use. */
export function setDefaultHost(host: DecoratorHost): void {
  explicit = host;
}

/** Called by every new cache: the first one becomes the implicit default. */
export function hostConstructed(host: DecoratorHost): void {
  first ??= host;
}

/** How to make a default cache when none was constructed (the facade registers it when loaded). */
export function provideHostFactory(factory: () => DecoratorHost): void {
  create = factory;
}

/** The default host: the one set explicitly, else the first constructed, else a new one. */
export function defaultHost(): DecoratorHost {
  if (explicit) return explicit;
  if (!first) {
    if (!create) throw new Error('decocache: no cache is configured; import Cache from decocache and construct one');
    first = create();
  }
  return first;
}
