import { BackendError, CacheError, CircuitOpenError, OperationTimeoutError, messageOf } from './errors.js';
import { Deadlines } from './deadlines.js';
import type { CircuitBreakerOptions } from './types.js';

/**
 * Wraps every backend call: bounds it by `operationTimeout`, turns unexpected failures into
 * BackendError, and opens a circuit after repeated failures so a dead server costs one timeout per
 * cool-down window instead of one per call. Errors decocache raises on purpose (bad input, a value
 * too large) pass through untouched and do not count as failures.
 */
export class BackendGuard {
  #timeoutMs: number | undefined;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #failures = 0;
  #openUntil = 0;
  #deadlines: Deadlines | undefined;
  /** Called once each time the circuit opens. */
  onOpen: ((error: unknown) => void) | undefined;

  constructor(timeoutMs: number | undefined, breaker: CircuitBreakerOptions | false | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#threshold = breaker === false ? Infinity : (breaker?.failures ?? 5);
    this.#cooldownMs = breaker === false ? 0 : (breaker?.cooldownMs ?? 5000);
  }

  /** Drops the guard's own timer when the backend already rejects calls after at most as long. */
  trustBackendTimeout(backendMs: number | undefined): void {
    if (backendMs !== undefined && this.#timeoutMs !== undefined && backendMs <= this.#timeoutMs) this.#timeoutMs = undefined;
  }

  /** Whether calls are currently skipped. */
  get open(): boolean {
    return this.#openUntil > 0 && Date.now() < this.#openUntil;
  }

  /** Runs one backend operation under the timeout and the breaker. */
  run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (this.#openUntil > 0) {
      const wait = this.#openUntil - Date.now();
      if (wait > 0) return Promise.reject(new BackendError(`${operation} skipped: the backend is failing`, { cause: new CircuitOpenError(wait) }));
      // Half-open: this call probes; one more failure re-opens at once.
      this.#openUntil = 0;
      this.#failures = this.#threshold - 1;
    }
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      pending = Promise.reject(error);
    }
    const timeoutMs = this.#timeoutMs;
    if (timeoutMs !== undefined) {
      this.#deadlines ??= new Deadlines(timeoutMs);
      pending = this.#deadlines.bound(pending, () => new BackendError(`backend ${operation} timed out`, { cause: new OperationTimeoutError(operation, timeoutMs) }));
    }
    return pending.then(
      (value) => {
        if (this.#failures !== 0) this.#failures = 0;
        return value;
      },
      (error: unknown) => {
        throw this.#fail(operation, error);
      },
    );
  }

  #fail(operation: string, error: unknown): unknown {
    if (isDeliberate(error)) return error;
    const wrapped = error instanceof BackendError ? error : new BackendError(`backend ${operation} failed: ${messageOf(error)}`, { cause: error });
    if (++this.#failures >= this.#threshold && this.#openUntil === 0) {
      this.#openUntil = Date.now() + this.#cooldownMs;
      this.onOpen?.(wrapped);
    }
    return wrapped;
  }
}

function isDeliberate(error: unknown): boolean {
  return (error instanceof CacheError && !(error instanceof BackendError) && error.code !== 'E_TIMEOUT') || error instanceof TypeError;
}
