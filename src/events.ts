import { EventEmitter } from 'node:events';

/** What a hit, miss or error event carries. */
export interface CacheEvent {
  /** Which decorator or tag produced it. */
  kind: 'memoize' | 'cached' | 'fragment';
  /** The cache key involved (without the key prefix). */
  key: string;
  /** The decorated function, when there is one. */
  fn?: (...args: never[]) => unknown;
  /** On hits: `'local'` when the local tier in front of a shared backend answered, without a network call; `'shared'` otherwise. */
  tier?: 'local' | 'shared';
}

/** An `error` event: the event plus what went wrong. */
export interface CacheErrorEvent extends Partial<CacheEvent> {
  /** The failure, usually a BackendError. */
  error: unknown;
}

/** The events a Cache emits on `cache.events`. */
export interface CacheEventMap {
  hit: [CacheEvent];
  miss: [CacheEvent];
  error: [CacheErrorEvent];
  /** A value past its timeout was served under `grace` (the backend failed, the function threw, or `softTimeout` passed). */
  stale: [CacheEvent];
  /** A background refresh started (`refreshAhead`, or a recomputation that went on after `softTimeout`). */
  refresh: [CacheEvent];
}

/**
 * Typed emitter for hit, miss, error, stale and refresh. An `error` with no listener is dropped instead of
 * thrown, because a monitoring hook must never take the application down.
 */
export class CacheEvents extends EventEmitter<CacheEventMap> {
  /** Hit listeners, counted here so a hit asks a field, not the emitter, whether anyone listens. */
  #hitListeners = 0;

  constructor() {
    super();
    // Node's own bookkeeping events are not in the typed map.
    const untyped = this as EventEmitter;
    untyped.on('newListener', (event: string | symbol) => {
      if (event === 'hit') this.#hitListeners++;
    });
    untyped.on('removeListener', (event: string | symbol) => {
      if (event === 'hit') this.#hitListeners--;
    });
  }

  /** Whether anyone listens to `hit` (asked on every hit, before building its payload). */
  get hasHitListeners(): boolean {
    return this.#hitListeners > 0;
  }

  override emit<K extends keyof CacheEventMap>(event: K, ...args: CacheEventMap[K]): boolean {
    if (this.listenerCount(event) === 0) return false;
    return super.emit(event, ...(args as never));
  }
}
