/** One caller's part of a batched read: where its keys sit in the batch. */
interface Waiter {
  positions: number[];
  resolve(values: (string | undefined)[]): void;
  reject(error: unknown): void;
}

interface Batch {
  keys: string[];
  index: Map<string, number>;
  waiters: Waiter[];
  /** Set once the MGET is sent (when full, or on the next tick). */
  sent?: boolean;
}

/**
 * Keys one batched MGET carries. A full batch is sent at once, so the server answers it while
 * the next fills: with 64 concurrent hits, batches of 32 keys measured 0.95x the raw client's
 * throughput, one batch of 65 keys 0.89x (all built before the first byte goes out), and 64
 * separate MGETs 0.42x. A larger read goes out on its own.
 */
const MAX_BATCH_KEYS = 32;

/**
 * Coalesces the reads issued in one tick into few MGETs, the way DataLoader batches loads: 64
 * concurrent memoized hits become a few commands carrying each distinct key once (the version key
 * they share, then their entries) instead of 64. ioredis spends several microseconds of CPU per
 * command, so a burst of hits costs about half as much; each hit still takes one round trip. A
 * batch that is not full goes out on `process.nextTick`, once the promise jobs of the current
 * tick are done, so a lone read waits for nothing but its own round trip. Reads issued in the
 * same tick as a write may see it even if issued before it: they were concurrent anyway.
 */
export class ReadBatcher {
  readonly #mget: (keys: string[]) => Promise<(string | null)[]>;
  #pending: Batch | undefined;

  constructor(mget: (keys: string[]) => Promise<(string | null)[]>) {
    this.#mget = mget;
  }

  /** The values of `keys` (undefined for missing ones), read in this tick's batch. */
  read(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length > MAX_BATCH_KEYS) return this.#send(keys.slice());
    let batch = this.#pending;
    if (batch !== undefined && batch.keys.length + keys.length > MAX_BATCH_KEYS) {
      // A full batch goes out now, so the server works on it while the next one fills.
      this.#flush(batch);
      batch = undefined;
    }
    if (batch === undefined) {
      const fresh: Batch = { keys: [], index: new Map(), waiters: [] };
      this.#pending = batch = fresh;
      process.nextTick(() => this.#flush(fresh));
    }
    const positions = new Array<number>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      let at = batch.index.get(key);
      if (at === undefined) {
        at = batch.keys.push(key) - 1;
        batch.index.set(key, at);
      }
      positions[i] = at;
    }
    return new Promise((resolve, reject) => batch.waiters.push({ positions, resolve, reject }));
  }

  #flush(batch: Batch): void {
    if (batch.sent) return;
    batch.sent = true;
    if (this.#pending === batch) this.#pending = undefined;
    const { waiters } = batch;
    this.#mget(batch.keys).then(
      (values) => {
        for (const w of waiters) w.resolve(w.positions.map((at) => values[at] ?? undefined));
      },
      (error: unknown) => {
        for (const w of waiters) w.reject(error);
      },
    );
  }

  async #send(keys: string[]): Promise<(string | undefined)[]> {
    return (await this.#mget(keys)).map((v) => v ?? undefined);
  }
}
