import type { CommitGate } from './backends/backend.js';

interface Pending {
  /** When it times out, in `Date.now()` ms. */
  readonly at: number;
  settled: boolean;
  readonly expire: () => void;
  /** When set, a deadline that finds the operation committing lets it finish instead. */
  readonly gate: DeadlineGate | undefined;
}

/**
 * Lets an operation apply its change only while its caller still waits for the answer, so a
 * caller told "timed out" can trust that nothing happened: the operation calls `enter()` right
 * before applying, and the deadline and the commit cannot both win.
 */
export class DeadlineGate implements CommitGate {
  #state: 'waiting' | 'committing' | 'expired' = 'waiting';

  /** `true`: apply now (the caller then waits for the outcome, past its deadline if need be); `false`: the caller gave up, apply nothing. */
  enter(): boolean {
    if (this.#state === 'waiting') this.#state = 'committing';
    return this.#state === 'committing';
  }

  /** Whether the caller has given up, so nothing should even be started. */
  get expired(): boolean {
    return this.#state === 'expired';
  }

  /** @internal Called by the deadline: `false` when the operation is already committing. */
  expire(): boolean {
    if (this.#state === 'committing') return false;
    this.#state = 'expired';
    return true;
  }
}

/**
 * Bounds operations by one fixed duration with a single timer instead of one per call (a timer
 * costs about a microsecond to arm and clear, which is a tenth of a Redis hit's CPU). Deadlines
 * arrive in order, so they form a queue: settled operations leave from the front as new ones come
 * in, and the one timer is armed for the oldest unsettled deadline.
 */
export class Deadlines {
  readonly #ms: number;
  #queue: Pending[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /**
   * Settles like `pending`, or rejects with `timeoutError()` when it takes longer than the
   * duration, unless `gate` says the operation is committing by then (it then settles as it ends).
   */
  bound<T>(pending: Promise<T>, timeoutError: () => unknown, gate?: DeadlineGate): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { at: Date.now() + this.#ms, settled: false, expire: () => reject(timeoutError()), gate };
      this.#dropSettled();
      this.#queue.push(entry);
      this.#timer ??= unref(setTimeout(() => this.#fire(), this.#ms));
      pending.then(
        (value) => {
          entry.settled = true;
          resolve(value);
        },
        (error: unknown) => {
          entry.settled = true;
          reject(error);
        },
      );
    });
  }

  #dropSettled(): void {
    const queue = this.#queue;
    while (this.#head < queue.length && queue[this.#head]!.settled) this.#head++;
    if (this.#head === queue.length) {
      queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > queue.length) {
      this.#queue = queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #fire(): void {
    this.#timer = undefined;
    // Timers and Date.now() round differently; a deadline within a millisecond counts as reached.
    const now = Date.now() + 1;
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const entry = queue[this.#head]!;
      if (!entry.settled) {
        if (entry.at > now) break;
        entry.settled = true;
        if (entry.gate === undefined || entry.gate.expire()) entry.expire();
      }
      this.#head++;
    }
    this.#dropSettled();
    if (this.#head < this.#queue.length) this.#timer = unref(setTimeout(() => this.#fire(), Math.max(1, this.#queue[this.#head]!.at - Date.now())));
  }
}

/** A deadline timer never keeps the process alive: a closed cache lets it exit at once (the pending call, if any, holds its own socket). */
export function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}
