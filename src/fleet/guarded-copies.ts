import { globToRegExp } from '../backends/glob.js';
import type { BusMessage } from './bus-message.js';
import { FillGuard } from './fill-guard.js';
import type { LocalTier } from './local-tier.js';

/** A write's result as the local tier keeps it: key, value, ttl in seconds (`0` = forever). */
export type StoredEntry = readonly [key: string, value: string, ttl: number];

/**
 * The local copies of a two-tier backend and the rule for keeping them: a read or a write begins
 * its keys, and what it brings back is kept only if no invalidation of those keys (this process's
 * writes, another process's bus message, a reconnect) came while it was on the wire.
 */
export class GuardedCopies {
  readonly #local: LocalTier;
  readonly #guard = new FillGuard();

  constructor(local: LocalTier) {
    this.#local = local;
  }

  /** The in-process tier itself. */
  get local(): LocalTier {
    return this.#local;
  }

  /** How many invalidations were applied so far (a computation begun under another count is not joined). */
  get invalidations(): number {
    return this.#guard.epoch;
  }

  /** Marks `keys` as on the wire; the count it returns is what their results are checked against. */
  begin(keys: readonly string[]): number {
    return this.#guard.begin(keys);
  }

  /** Marks `keys` as back. */
  end(keys: readonly string[]): void {
    this.#guard.end(keys);
  }

  /** Keeps what a read begun at `since` brought back (`expires`: absolute ms per key, 0 = none known, -1 = do not keep). */
  keepRead(keys: readonly string[], values: readonly (string | undefined)[], expires: readonly number[] | undefined, since: number): void {
    const now = Date.now();
    keys.forEach((key, i) => {
      const value = values[i];
      const until = expires === undefined ? 0 : expires[i]!;
      if (value !== undefined && until !== -1 && this.#guard.mayFill(key, since)) this.#local.set(key, value, until, now);
    });
  }

  /**
   * After a write begun at `since` (at time `started`): keeps the entries it stored when `trusted`
   * and nothing invalidated them meanwhile, drops every other key it named, and bars reads still on
   * the wire for those keys from filling.
   */
  keepWritten(keys: readonly string[], since: number, started: number, stored: readonly StoredEntry[], trusted: boolean): void {
    const kept = new Set<string>();
    if (trusted) {
      const now = Date.now();
      for (const [key, value, ttl] of stored) {
        if (!this.#guard.mayFill(key, since)) continue;
        this.#local.set(key, value, ttl > 0 ? started + ttl * 1000 : 0, now);
        kept.add(key);
      }
    }
    for (const key of keys) if (!kept.has(key)) this.#local.delete(key);
    this.#guard.invalidate(keys);
  }

  /** Drops every copy under `prefix` (a clear, here or elsewhere). */
  dropPrefix(prefix: string): void {
    this.#local.clear(prefix);
    this.#guard.invalidateWhere((key) => key.startsWith(prefix));
  }

  /** Drops every copy matching a glob (a deletePattern, here or elsewhere). */
  dropPattern(pattern: string): void {
    const matches = globToRegExp(pattern);
    this.#local.deleteMatching(matches);
    this.#guard.invalidateWhere((key) => matches.test(key));
  }

  /** Applies another process's message to exactly what it names. */
  apply(message: BusMessage): void {
    if (message.keys.length > 0) {
      for (const key of message.keys) this.#local.delete(key);
      this.#guard.invalidate(message.keys);
    }
    for (const prefix of message.prefixes) this.dropPrefix(prefix);
    for (const pattern of message.patterns) this.dropPattern(pattern);
  }

  /** Forgets everything: messages may have been missed, so nothing held or read before now may be kept. */
  reset(): void {
    this.#local.clear();
    this.#guard.reset();
  }
}
