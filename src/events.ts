import { EventEmitter } from 'node:events';

/** What a hit, miss or error event carries. */
export interface CacheEvent {
  /** Which decorator or tag produced it. */
  kind: 'memoize' | 'cached' | 'fragment';
  /** The cache key involved (without the key prefix). */
  key: string;
  /** The decorated function, when there is one. */
  fn?: (...args: never[]) => unknown;
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
}

/**
 * Typed emitter for hit, miss and error. An `error` with no listener is dropped instead of
 * thrown, because a monitoring hook must never take the application down.
 */
export class CacheEvents extends EventEmitter<CacheEventMap> {
  override emit<K extends keyof CacheEventMap>(event: K, ...args: CacheEventMap[K]): boolean {
    if (this.listenerCount(event) === 0) return false;
    return super.emit(event, ...(args as never));
  }
}
