import { unref, type Deadlines } from './deadlines.js';
import { BackendError, OperationTimeoutError } from './errors.js';

/**
 * Shared deadlines closer than this to a full `operationTimeout` away are used as they are: a
 * bound that starts a few ms late costs no timer of its own.
 */
const SHARED_TOLERANCE_MS = 5;

/** What a decorated call bounds its backend calls with (see {@link OperationDeadline}). */
export interface CallDeadline {
  /** Settles like `pending`, or rejects with a BackendError (cause OperationTimeoutError) when the call's time is up. */
  bound<T>(pending: Promise<T>): Promise<T>;
  /** Runs `work` (the decorated function) with the clock stopped: its time is added to the deadline. */
  outside<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * One `operationTimeout` for everything a decorated call asks of the backend, however many calls
 * that takes one after another (versions, entry, a `has` for `cacheNone`, the store): started when
 * the decorated call starts, so the call as a whole answers within the timeout. Time spent in the
 * decorated function itself (`outside`) is not counted.
 *
 * @example
 * const deadline = cache.callDeadline();
 * const read = await deadline.bound(readEntry(...));            // 1 to 4 backend calls
 * const result = await deadline.outside(() => callOriginal(...)); // the function's own time is free
 * await deadline.bound(storeEntry(...));                         // what is left of the timeout
 */
export class OperationDeadline implements CallDeadline {
  readonly #ms: number;
  readonly #shared: Deadlines;
  #at: number;

  constructor(ms: number, shared: Deadlines) {
    this.#ms = ms;
    this.#shared = shared;
    this.#at = Date.now() + ms;
  }

  bound<T>(pending: Promise<T>): Promise<T> {
    const left = this.#at - Date.now();
    if (left >= this.#ms - SHARED_TOLERANCE_MS) return this.#shared.bound(pending, () => this.#timedOut());
    if (left <= 0) {
      pending.catch(() => {});
      return Promise.reject(this.#timedOut());
    }
    return new Promise<T>((resolve, reject) => {
      const timer = unref(setTimeout(() => reject(this.#timedOut()), left));
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  async outside<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.#at += Date.now() - started;
    }
  }

  #timedOut(): BackendError {
    return new BackendError('the backend calls of this decorated call timed out', { cause: new OperationTimeoutError('call', this.#ms) });
  }
}

/** The deadline of a cache without `operationTimeout` (in-process backends): bounds nothing. */
export const NO_DEADLINE: CallDeadline = {
  bound: (pending) => pending,
  outside: (work) => work(),
};
