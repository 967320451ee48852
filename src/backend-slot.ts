import type { Backend } from './backends/backend.js';
import { createBackend } from './backends/registry.js';
import { BackendError } from './errors.js';
import { messageOf } from './errors.js';
import type { CallDeadline } from './call-deadline.js';
import { DeadlineGate } from './deadlines.js';
import { BackendGuard } from './guard.js';
import type { BackendTimer } from './observe/observer.js';
import { timed } from './observe/timing.js';
import { releasePrefix, usePrefix } from './prefix-registry.js';
import type { CacheConfig, Logger } from './types.js';

/**
 * The backend one Cache talks to: built from the config (at once for in-process backends, after
 * a lazy import for the others), its effective key prefix, and the guard every call goes through.
 */
export class BackendSlot {
  readonly #config: CacheConfig;
  readonly #guard: BackendGuard;
  readonly #owned: boolean;
  #backend: Backend | undefined;
  #pending: Promise<Backend> | undefined;
  #prefix: string;
  readonly #observed: { readonly timer: BackendTimer | undefined } | undefined;
  /** The backend this slot's prefix is registered on, until it is closed. */
  #prefixInUse: Backend | undefined;
  #closed = false;

  constructor(config: CacheConfig, logger: Logger, observed?: { readonly timer: BackendTimer | undefined }) {
    this.#config = config;
    this.#observed = observed;
    const { backend, owned } = createBackend(config);
    this.#owned = owned;
    const timeout = config.operationTimeout;
    if (backend instanceof Promise) {
      // Until the backend is ready its default prefix is unknown; run() applies the final one.
      this.#prefix = config.keyPrefix ?? '';
      this.#guard = new BackendGuard(timeout ?? 1000, config.circuitBreaker);
      const pending = backend.then(
        (ready) => {
          this.#backend = ready;
          this.#prefix = config.keyPrefix ?? ready.defaultKeyPrefix ?? '';
          this.#usePrefix(ready, logger);
          return ready;
        },
        (error: unknown) => {
          throw new BackendError(`could not create the ${String(config.type)} backend: ${messageOf(error)}`, { cause: error });
        },
      );
      pending.catch(() => {});
      this.#pending = pending;
    } else {
      this.#backend = backend;
      this.#prefix = config.keyPrefix ?? backend.defaultKeyPrefix ?? '';
      this.#guard = new BackendGuard(timeout ?? (backend.shared ? 1000 : undefined), config.circuitBreaker);
      this.#usePrefix(backend, logger);
    }
    this.#guard.onOpen = (error) => logger.warn(`decocache: backend failing, skipping it for a while (circuit open): ${messageOf(error)}`);
  }

  /** The key prefix in force (the backend's default when the config sets none). */
  get prefix(): string {
    return this.#prefix;
  }

  /** Whether the backend is shared with other processes (false until it is ready). */
  get shared(): boolean {
    return this.#backend?.shared ?? false;
  }

  /** The backend if it is ready now, else `undefined`. */
  get current(): Backend | undefined {
    return this.#backend;
  }

  /** The backend once it is ready. */
  ready(): Promise<Backend> {
    return this.#backend ? Promise.resolve(this.#backend) : this.#pending!;
  }

  /**
   * Runs one backend call under the guard, with the key prefix in force when it runs; its
   * deadline starts now, even while the backend is still being loaded.
   */
  run<T>(operation: string, call: (backend: Backend, prefix: string) => Promise<T>): Promise<T> {
    const timer = this.#observed?.timer;
    if (timer !== undefined) return timed(timer, operation, this.#backendName, () => this.#guarded(operation, call));
    return this.#guarded(operation, call);
  }

  // The name for duration reports: known once the backend is ready, which it is when a call settles.
  readonly #backendName = (): string => this.#backend?.name ?? (typeof this.#config.type === 'string' ? this.#config.type : 'unknown');

  #guarded<T>(operation: string, call: (backend: Backend, prefix: string) => Promise<T>): Promise<T> {
    const backend = this.#backend;
    if (backend) return this.#guard.run(operation, () => call(backend, this.#prefix));
    return this.#guard.run(operation, () => this.#pending!.then((ready) => call(ready, this.#prefix)));
  }

  /**
   * Like run, for a change that must not apply once its caller was told it timed out (`inc`):
   * the backend gets a gate to pass right before it applies.
   */
  runCommitted<T>(operation: string, call: (backend: Backend, prefix: string, gate: DeadlineGate) => Promise<T>): Promise<T> {
    const gate = new DeadlineGate();
    return this.#guard.run(operation, () => this.ready().then((ready) => call(ready, this.#prefix, gate)), gate);
  }

  /** A deadline for one decorated call: operationTimeout from now, shared by the backend calls it makes. */
  callDeadline(): CallDeadline {
    return this.#guard.callDeadline();
  }

  /** Closes the backend if the Cache built it (a Backend instance passed in stays open). */
  async close(logger: Logger): Promise<void> {
    this.#closed = true;
    if (this.#prefixInUse !== undefined) {
      releasePrefix(this.#prefixInUse, this.#prefix);
      this.#prefixInUse = undefined;
    }
    if (!this.#owned) return;
    const backend = this.#backend ?? (await this.#pending?.catch(() => undefined));
    await backend?.close().catch((error: unknown) => logger.warn(`decocache: closing the backend failed: ${messageOf(error)}`));
  }

  #usePrefix(backend: Backend, logger: Logger): void {
    if (this.#closed) return;
    this.#prefixInUse = backend;
    usePrefix(backend, this.#prefix, logger);
  }

  /** Whether `clear()` with an empty prefix would wipe the whole server without the opt-in. */
  refusesClearAll(backend: Backend, prefix: string): boolean {
    return prefix === '' && backend.serverWide === true && !this.#config.allowClearAll;
  }
}
