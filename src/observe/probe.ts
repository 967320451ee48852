import type { CacheObserver, ErrorKind, FunctionObserver, HitTier } from './observer.js';

/** Writes one `logHits` line: the outcome, the function name and the key without the cache's prefix. */
export type OutcomeLog = (outcome: 'hit' | 'miss', fname: string, key: string | undefined, tier?: HitTier) => void;

/** What a probe reads from the recorder that owns it on every outcome. */
export interface ProbeOwner {
  /** Set while `logHits` or `debug` is on. */
  readonly log: OutcomeLog | undefined;
}

const NONE: readonly FunctionObserver[] = [];

/**
 * The counters of one function name in one Cache, plus the handles attached observers built for
 * it. Decorated functions keep their probe, so recording an outcome is a field increment and a
 * check of an empty list: no lookup by name on the call path.
 */
export class FunctionProbe {
  /** Calls answered from the cache, local tier included. */
  hits = 0;
  /** Calls that ran the function (forced updates and stale values included). */
  misses = 0;
  /** Stale values served under `grace`. */
  stale = 0;
  /** Backend errors reported for this function. */
  errors = 0;
  /** Hits answered by the in-process local tier. */
  localHits = 0;
  /** Attached observers' handles for this function: empty unless the cache is instrumented. */
  others: readonly FunctionObserver[] = NONE;
  readonly #handles = new Map<CacheObserver, FunctionObserver>();

  constructor(
    readonly owner: ProbeOwner,
    readonly fname: string,
  ) {}

  /** Counts a hit answered by `tier`; `key` (without prefix) is only used for the `logHits` line. */
  recordHit(tier: HitTier, key?: string): void {
    this.hits++;
    if (tier === 'local') this.localHits++;
    const others = this.others;
    for (let i = 0; i < others.length; i++) others[i]!.hit(tier);
    const log = this.owner.log;
    if (log !== undefined) log('hit', this.fname, key, tier);
  }

  /** Counts a miss. */
  recordMiss(key?: string): void {
    this.misses++;
    const others = this.others;
    for (let i = 0; i < others.length; i++) others[i]!.miss();
    const log = this.owner.log;
    if (log !== undefined) log('miss', this.fname, key);
  }

  /** Counts a stale value served. */
  recordStale(): void {
    this.stale++;
    const others = this.others;
    for (let i = 0; i < others.length; i++) others[i]!.stale();
  }

  /** Counts a backend error of `kind`. */
  recordError(kind: ErrorKind): void {
    this.errors++;
    const others = this.others;
    for (let i = 0; i < others.length; i++) others[i]!.error(kind);
  }

  /** Starts forwarding this function's outcomes to `observer`. */
  attach(observer: CacheObserver): void {
    this.#handles.set(observer, guarded(observer.forFunction(this.fname)));
    this.others = [...this.#handles.values()];
  }

  /** Stops forwarding to `observer`. */
  detach(observer: CacheObserver): void {
    if (!this.#handles.delete(observer)) return;
    this.others = this.#handles.size === 0 ? NONE : [...this.#handles.values()];
  }

  /** Zeroes the counters (the probe itself stays: decorated functions hold it). */
  reset(): void {
    this.hits = this.misses = this.stale = this.errors = this.localHits = 0;
  }
}

/** A handle whose exceptions stay inside it: a monitoring hook must never fail a cached call. */
function guarded(handle: FunctionObserver): FunctionObserver {
  return {
    hit: (tier) => swallow(() => handle.hit(tier)),
    miss: () => swallow(() => handle.miss()),
    stale: () => swallow(() => handle.stale()),
    error: (kind) => swallow(() => handle.error(kind)),
  };
}

/** Runs `report`, ignoring what it throws. */
export function swallow(report: () => void): void {
  try {
    report();
  } catch {
    // An observer's failure is its own; the call it observed goes on.
  }
}
