import type { Backend } from '../../src/index.js';
import { SimpleBackend } from '../../src/index.js';

/** How the chaos backend answers: normally, by throwing, or by never answering. */
export type ChaosMode = 'ok' | 'throw' | 'stall';

/**
 * An in-process backend that fails or stalls on demand, to test fail-open, timeouts and the
 * circuit breaker without a server. `calls` counts every operation that reached it.
 */
export class ChaosBackend implements Backend {
  readonly name = 'ChaosCache';
  readonly shared = false;
  readonly inner = new SimpleBackend();
  mode: ChaosMode = 'ok';
  /** Operations that fail while mode is not 'ok'; others pass through (default: all). */
  only: ReadonlySet<string> | undefined;
  calls = 0;
  #held = new Map<string, Promise<void>>();

  /** Holds the next call of `operation` until the returned function is called; it then runs (reads) at that moment. */
  holdNext(operation: string): () => void {
    let release!: () => void;
    this.#held.set(operation, new Promise<void>((resolve) => (release = resolve)));
    return release;
  }

  #gate<T>(operation: string, run: () => Promise<T>): Promise<T> {
    this.calls++;
    const held = this.#held.get(operation);
    if (held) {
      this.#held.delete(operation);
      return held.then(() => this.#gate(operation, run));
    }
    const affected = this.only === undefined || this.only.has(operation);
    if (!affected || this.mode === 'ok') return run();
    if (this.mode === 'throw') return Promise.reject(new Error(`chaos: ${operation} failed`));
    return new Promise<T>(() => {});
  }

  get(key: string) {
    return this.#gate('get', () => this.inner.get(key));
  }
  getMany(keys: readonly string[]) {
    return this.#gate('getMany', () => this.inner.getMany(keys));
  }
  set(key: string, value: string, ttl: number) {
    return this.#gate('set', () => this.inner.set(key, value, ttl));
  }
  setMany(entries: readonly (readonly [string, string])[], ttl: number) {
    return this.#gate('setMany', () => this.inner.setMany(entries, ttl));
  }
  add(key: string, value: string, ttl: number) {
    return this.#gate('add', () => this.inner.add(key, value, ttl));
  }
  delete(key: string) {
    return this.#gate('delete', () => this.inner.delete(key));
  }
  deleteMany(keys: readonly string[]) {
    return this.#gate('deleteMany', () => this.inner.deleteMany(keys));
  }
  has(key: string) {
    return this.#gate('has', () => this.inner.has(key));
  }
  inc(key: string, delta: number) {
    return this.#gate('inc', () => this.inner.inc(key, delta));
  }
  touch(key: string, ttl: number) {
    return this.#gate('touch', () => this.inner.touch(key, ttl));
  }
  clear(prefix: string) {
    return this.#gate('clear', () => this.inner.clear(prefix));
  }
  async close(): Promise<void> {}
}
