import { BackendError, CacheError, CircuitOpenError, OperationTimeoutError, messageOf } from './errors.js';
import { NO_DEADLINE, OperationDeadline, type CallDeadline } from './call-deadline.js';
import { Deadlines, type DeadlineGate } from './deadlines.js';
import type { CircuitBreakerOptions } from './types.js';

/**
 * Wraps every backend call: bounds it by `operationTimeout` from the moment it is made (whatever
 * the client does: ioredis's own commandTimeout starts later, behind a stuck auto-pipeline), turns
 * unexpected failures into BackendError, and opens a circuit after repeated failures. Once the
 * cool-down is over, exactly one call probes the backend while every other call is still skipped,
 * so a dead server costs one timeout per window, not one per call. Only transport failures and
 * timeouts count: errors decocache raises on purpose (bad input, a value too large) and replies
 * the server gave (E_REPLY) pass through untouched.
 */
export class BackendGuard {
  readonly #timeoutMs: number | undefined;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #failures = 0;
  /** While non-zero the circuit is open: calls before this time (`Date.now()` ms) are skipped. */
  #openUntil = 0;
  #deadlines: Deadlines | undefined;
  /** Called once each time the circuit opens. */
  onOpen: ((error: unknown) => void) | undefined;

  constructor(timeoutMs: number | undefined, breaker: CircuitBreakerOptions | false | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#threshold = breaker === false ? Infinity : (breaker?.failures ?? 5);
    this.#cooldownMs = breaker === false ? 0 : (breaker?.cooldownMs ?? 5000);
  }

  /** A deadline one decorated call shares across its backend calls, on this guard's timer. */
  callDeadline(): CallDeadline {
    const ms = this.#timeoutMs;
    if (ms === undefined) return NO_DEADLINE;
    this.#deadlines ??= new Deadlines(ms);
    return new OperationDeadline(ms, this.#deadlines);
  }

  /** Whether calls are currently skipped. */
  get open(): boolean {
    return this.#openUntil > 0 && Date.now() < this.#openUntil;
  }

  /**
   * Runs one backend operation under the timeout and the breaker. With `gate`, a commit that has
   * begun when the deadline passes is waited for rather than reported as a timeout.
   */
  run<T>(operation: string, call: () => Promise<T>, gate?: DeadlineGate): Promise<T> {
    let probing = false;
    if (this.#openUntil > 0) {
      const now = Date.now();
      if (now < this.#openUntil) return skipped(operation, this.#openUntil - now);
      // Half-open: this call alone probes; the window is armed again so that the calls arriving
      // meanwhile are skipped, and a probe that never settles lets another through a window later.
      this.#openUntil = now + this.#cooldownMs;
      probing = true;
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
      pending = this.#deadlines.bound(pending, () => new BackendError(`backend ${operation} timed out`, { cause: new OperationTimeoutError(operation, timeoutMs) }), gate);
    }
    return pending.then(
      (value) => {
        if (probing) this.#close();
        else if (this.#failures !== 0) this.#failures = 0;
        return value;
      },
      (error: unknown) => {
        throw this.#settleFailure(operation, error, probing);
      },
    );
  }

  #close(): void {
    this.#openUntil = 0;
    this.#failures = 0;
  }

  #settleFailure(operation: string, error: unknown, probing: boolean): unknown {
    if (isDeliberate(error)) {
      // The server answered (or was never asked): nothing to count. A probe that proved nothing
      // lets the next call probe at once.
      if (probing) this.#openUntil = Date.now();
      return error;
    }
    const wrapped = error instanceof BackendError ? error : new BackendError(`backend ${operation} failed: ${messageOf(error)}`, { cause: error });
    if (probing) this.#openUntil = Date.now() + this.#cooldownMs;
    else if (++this.#failures >= this.#threshold && this.#openUntil === 0) {
      this.#openUntil = Date.now() + this.#cooldownMs;
      this.onOpen?.(wrapped);
    }
    return wrapped;
  }
}

function skipped(operation: string, retryInMs: number): Promise<never> {
  return Promise.reject(new BackendError(`${operation} skipped: the backend is failing`, { cause: new CircuitOpenError(retryInMs) }));
}

/** Errors that say nothing about the backend's health: misuse, limits, and the server's own replies. */
function isDeliberate(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  return error instanceof CacheError && !(error instanceof BackendError) && error.code !== 'E_TIMEOUT';
}
