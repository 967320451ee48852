import { CircuitOpenError, OperationTimeoutError } from '../errors.js';
import type { BackendTimer, CacheObserver, ErrorKind, HitTier } from './observer.js';
import { FunctionProbe, type OutcomeLog, type ProbeOwner } from './probe.js';

/** The counters of one function in `cache.stats()`. */
export interface FunctionStats {
  /** Calls answered from the cache (local tier included). */
  hits: number;
  /** Calls that ran the function. */
  misses: number;
  /** Stale values served under `grace`. */
  stale: number;
  /** Backend errors reported (fail-open or re-thrown under `debug`). */
  errors: number;
}

/** What `cache.stats()` returns: totals since construction or `resetStats()`, and the same per function name. */
export interface CacheStats extends FunctionStats {
  /** Hits answered by the in-process local tier (also counted in `hits`). */
  localHits: number;
  /** Counters by function name (`[namespace.]Class.method`, `fragment:<name>`, `view`); functions with no outcome yet are left out. */
  functions: Record<string, FunctionStats>;
}

/**
 * One Cache's outcome recorder: counts hits, misses, stale values and errors of decorated calls
 * per function name, forwards them to attached observers, and tells the backend slot whether
 * anyone wants backend call durations. Outcomes nobody attributes to a function (an error outside
 * a decorated call) count in the totals only.
 */
export class Outcomes implements ProbeOwner {
  readonly #probes = new Map<string, FunctionProbe>();
  readonly #unnamed = new FunctionProbe(this, '');
  #observers: readonly CacheObserver[] = [];
  /** The `logHits` writer while `logHits` or `debug` is on. */
  log: OutcomeLog | undefined;
  /** Reports backend call durations; `undefined` unless an attached observer wants them. */
  timer: BackendTimer | undefined;

  /** The probe of one function name, built on first use. Decorated functions keep it. */
  probe(fname: string): FunctionProbe {
    let probe = this.#probes.get(fname);
    if (probe === undefined) {
      probe = new FunctionProbe(this, fname);
      for (const observer of this.#observers) probe.attach(observer);
      this.#probes.set(fname, probe);
    }
    return probe;
  }

  /** Counts a hit of `fname` answered by `tier` (`key` without prefix, for the `logHits` line). */
  recordHit(fname: string, tier: HitTier, key?: string): void {
    this.probe(fname).recordHit(tier, key);
  }

  /** Counts a miss of `fname`. */
  recordMiss(fname: string, key?: string): void {
    this.probe(fname).recordMiss(key);
  }

  /** Counts a stale value served for `fname`. */
  recordStale(fname: string): void {
    this.probe(fname).recordStale();
  }

  /** Counts `error`, under `fname` when the failing call has one. */
  recordError(fname: string | undefined, error: unknown): void {
    (fname === undefined ? this.#unnamed : this.probe(fname)).recordError(errorKind(error));
  }

  /** Forwards every outcome (and backend durations, if it asks) to `observer` until the returned function is called. */
  attach(observer: CacheObserver): () => void {
    if (this.#observers.includes(observer)) throw new TypeError('this observer is already attached to the cache');
    this.#observers = [...this.#observers, observer];
    this.#unnamed.attach(observer);
    for (const probe of this.#probes.values()) probe.attach(observer);
    this.#retime();
    return () => {
      if (!this.#observers.includes(observer)) return;
      this.#observers = this.#observers.filter((o) => o !== observer);
      this.#unnamed.detach(observer);
      for (const probe of this.#probes.values()) probe.detach(observer);
      this.#retime();
    };
  }

  /** The counters since construction or the last reset. */
  snapshot(): CacheStats {
    const unnamed = this.#unnamed;
    const stats: CacheStats = { hits: unnamed.hits, misses: unnamed.misses, stale: unnamed.stale, errors: unnamed.errors, localHits: unnamed.localHits, functions: {} };
    for (const [fname, p] of this.#probes) {
      if (p.hits + p.misses + p.stale + p.errors === 0) continue;
      stats.functions[fname] = { hits: p.hits, misses: p.misses, stale: p.stale, errors: p.errors };
      stats.hits += p.hits;
      stats.misses += p.misses;
      stats.stale += p.stale;
      stats.errors += p.errors;
      stats.localHits += p.localHits;
    }
    return stats;
  }

  /** Zeroes every counter. */
  reset(): void {
    this.#unnamed.reset();
    for (const probe of this.#probes.values()) probe.reset();
  }

  #retime(): void {
    const timers = this.#observers.flatMap((o) => (o.backendCall ? [o.backendCall.bind(o)] : []));
    this.timer =
      timers.length === 0
        ? undefined
        : timers.length === 1
          ? timers[0]
          : (operation, backend, ms, failed) => {
              for (const timer of timers) timer(operation, backend, ms, failed);
            };
  }
}

/** The kind an error is counted as: what an operator acts on differs for a skipped call, a slow one and a failed one. */
export function errorKind(error: unknown): ErrorKind {
  const cause = error instanceof Error ? error.cause : undefined;
  if (error instanceof CircuitOpenError || cause instanceof CircuitOpenError) return 'circuit_open';
  if (error instanceof OperationTimeoutError || cause instanceof OperationTimeoutError) return 'timeout';
  return error instanceof Error ? error.name : 'Error';
}
