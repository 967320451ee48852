/**
 * Decides whether a value fetched from (or written to) the shared backend may still go into the
 * local tier when the call returns. A read of K can be overtaken by an invalidation of K (a bus
 * message, or this process's own write) that arrives while the read is on the wire: the value it
 * brings back is then possibly older than the invalidation, and keeping it would serve it after
 * the invalidation completed. So every call records the epoch it started at; invalidations bump
 * the epoch and mark the keys in flight they name; the call fills only when none marked its key
 * (and no reset happened) since it started. Only keys in flight are remembered, so memory stays
 * proportional to the calls on the wire.
 */
export class FillGuard {
  #epoch = 0;
  #resetAt = 0;
  /** Calls in flight per key. */
  readonly #inflight = new Map<string, number>();
  /** Epoch of the last invalidation of each key in flight. */
  readonly #touched = new Map<string, number>();

  /** Bumped by every invalidation and reset. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Registers calls on `keys`; resolves the epoch to hand to {@link mayFill} and {@link end}. */
  begin(keys: readonly string[]): number {
    const inflight = this.#inflight;
    for (const key of keys) inflight.set(key, (inflight.get(key) ?? 0) + 1);
    return this.#epoch;
  }

  /** Whether nothing invalidated `key` since the call that began at `since`. */
  mayFill(key: string, since: number): boolean {
    if (this.#resetAt > since) return false;
    const touched = this.#touched.get(key);
    return touched === undefined || touched <= since;
  }

  /** Ends the calls begun on `keys`. */
  end(keys: readonly string[]): void {
    const inflight = this.#inflight;
    for (const key of keys) {
      const left = (inflight.get(key) ?? 1) - 1;
      if (left > 0) inflight.set(key, left);
      else {
        inflight.delete(key);
        this.#touched.delete(key);
      }
    }
  }

  /** Records that `keys` were invalidated now: calls in flight on them must not fill. */
  invalidate(keys: Iterable<string>): void {
    const epoch = ++this.#epoch;
    const inflight = this.#inflight;
    for (const key of keys) if (inflight.has(key)) this.#touched.set(key, epoch);
  }

  /** Records an invalidation of every key `matches` accepts (a clear or a pattern). */
  invalidateWhere(matches: (key: string) => boolean): void {
    const epoch = ++this.#epoch;
    for (const key of this.#inflight.keys()) if (matches(key)) this.#touched.set(key, epoch);
  }

  /** Records that anything may have changed (the bus was down): no call in flight may fill. */
  reset(): void {
    this.#resetAt = ++this.#epoch;
  }
}
