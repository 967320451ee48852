import { enterGate, incremented, type CommitGate } from './backend.js';
import type { StoredFile } from './file-format.js';
import { withFileLock } from './file-lock.js';

/** What the counter needs from the file store. */
export interface CounterFiles {
  /** The live entry of `key`: `undefined` when missing, expired, cut short or corrupt. */
  read(key: string): Promise<StoredFile | undefined>;
  /** Replaces the file at `path` at once (temporary file, then rename). */
  write(path: string, entry: StoredFile): Promise<void>;
}

interface PendingInc {
  delta: number;
  gate: CommitGate | undefined;
  resolve(value: number): void;
  reject(error: unknown): void;
}

/**
 * `inc` on files, in rounds: every inc of a key that arrives while a round waits for the key's
 * lock joins that round, and the round applies them all with one read and one rename, each
 * caller getting the value it would have had alone, in arrival order. A thousand concurrent incs
 * in one process then cost a few lock rounds instead of a thousand, which keeps a healthy disk
 * far from operationTimeout. An inc whose caller has given up by the time its round holds the lock
 * (its gate refuses) is left out, so an inc reported as timed out never applies.
 */
export class CounterRounds {
  readonly #files: CounterFiles;
  readonly #waiting = new Map<string, PendingInc[]>();

  constructor(files: CounterFiles) {
    this.#files = files;
  }

  /** Adds `delta` to the integer of `key`, stored at `path`, in the next round. */
  inc(path: string, key: string, delta: number, gate: CommitGate | undefined): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const op: PendingInc = { delta, gate, resolve, reject };
      const round = this.#waiting.get(path);
      if (round !== undefined) {
        round.push(op);
        return;
      }
      const fresh = [op];
      this.#waiting.set(path, fresh);
      withFileLock(`${path}.lock`, () => this.#apply(path, key, fresh)).catch((error: unknown) => {
        for (const pending of fresh) pending.reject(error);
      });
    });
  }

  async #apply(path: string, key: string, round: PendingInc[]): Promise<void> {
    // Incs that arrive from now on wait for the next round.
    if (this.#waiting.get(path) === round) this.#waiting.delete(path);
    const live = round.filter((op) => {
      try {
        enterGate(op.gate, key);
        return true;
      } catch (error) {
        op.reject(error);
        return false;
      }
    });
    if (live.length === 0) return;
    const entry = await this.#files.read(key);
    let value = entry?.value;
    const applied: [PendingInc, number][] = [];
    for (const op of live) {
      try {
        const next = incremented(key, value, op.delta);
        value = String(next);
        applied.push([op, next]);
      } catch (error) {
        op.reject(error);
      }
    }
    if (applied.length === 0) return;
    await this.#files.write(path, { key, value: value!, expires: entry?.expires ?? 0 });
    for (const [op, next] of applied) op.resolve(next);
  }
}
