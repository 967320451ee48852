interface Pending {
  /** When it times out, in `Date.now()` ms. */
  readonly at: number;
  settled: boolean;
  readonly expire: () => void;
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

  /** Settles like `pending`, or rejects with `timeoutError()` when it takes longer than the duration. */
  bound<T>(pending: Promise<T>, timeoutError: () => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { at: Date.now() + this.#ms, settled: false, expire: () => reject(timeoutError()) };
      this.#dropSettled();
      this.#queue.push(entry);
      this.#timer ??= setTimeout(() => this.#fire(), this.#ms);
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
        entry.expire();
      }
      this.#head++;
    }
    this.#dropSettled();
    if (this.#head < this.#queue.length) this.#timer = setTimeout(() => this.#fire(), Math.max(1, this.#queue[this.#head]!.at - Date.now()));
  }
}
