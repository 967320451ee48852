import type { Cache } from '../cache.js';
import type { CacheEvent } from '../events.js';
import type { HitTier } from '../observe/observer.js';
import type { FunctionProbe } from '../observe/probe.js';
import type { CommonOptions } from './options.js';
import type { AnyFunction, DecoratedState } from './state.js';

type Callable = (this: unknown, ...args: unknown[]) => unknown;

/** Calls an option callback with the call's `this`; only `=== true` counts, as in Flask. */
export async function isTrue(callback: ((...args: never[]) => unknown) | undefined, self: unknown, args: readonly unknown[]): Promise<boolean> {
  if (!callback) return false;
  return (await (callback as Callable).apply(self, args as unknown[])) === true;
}

/** Runs the undecorated function. */
export function callOriginal(state: DecoratedState, self: unknown, args: readonly unknown[]): Promise<unknown> {
  return Promise.resolve((state.original as unknown as Callable).apply(self, args as unknown[]));
}

/** Whether a fresh result should be stored: `responseFilter` (outside the fail-open net) and `cacheNone`. */
export async function shouldStore(options: CommonOptions, self: unknown, result: unknown): Promise<boolean> {
  if ((result === undefined || result === null) && !options.cacheNone) return false;
  if (!options.responseFilter) return true;
  return Boolean(await (options.responseFilter as Callable).call(self, result));
}

/**
 * Single-flight: concurrent calls with the same key share one computation in this process.
 * Forced updates never join, so they always recompute. Flights are grouped (by function name, or
 * `view`), so a key needs no string built per call and an invalidation drops a group at once.
 */
export function singleFlight<T>(cache: Cache, group: string, key: string, join: boolean, run: () => Promise<T>): Promise<T> {
  const groups = cache.internals.inflight;
  let flights = groups.get(group);
  if (join && flights !== undefined) {
    const running = flights.get(key);
    if (running) return running as Promise<T>;
  }
  const promise = run();
  if (flights === undefined) groups.set(group, (flights = new Map()));
  flights.set(key, promise);
  const inGroup = flights;
  const done = () => {
    if (inGroup.get(key) !== promise) return;
    inGroup.delete(key);
    if (inGroup.size === 0 && groups.get(group) === inGroup) groups.delete(group);
  };
  promise.then(done, done);
  return promise;
}

/** Forgets in-flight computations of one function, so calls after an invalidation start afresh. */
export function dropInflight(cache: Cache, fname: string): void {
  cache.internals.inflight.delete(fname);
}

/** Counts a hit (answered by `tier`) or miss and emits its event; the payload is only built when someone listens (hot path). */
export function emitOutcome(cache: Cache, hit: boolean, state: DecoratedState, key: string, tier: HitTier = 'shared'): void {
  const probe = probeOf(cache, state);
  if (hit) probe.recordHit(tier, key);
  else probe.recordMiss(key);
  const name = hit ? 'hit' : 'miss';
  if (cache.events.listenerCount(name) === 0) return;
  cache.events.emit(name, { kind: state.kind, key, fn: state.original as AnyFunction as CacheEvent['fn'] });
}

/** The outcome counters of a decorated function in `cache`, found once and kept on its state. */
export function probeOf(cache: Cache, state: DecoratedState): FunctionProbe {
  const probe = state.probe;
  if (probe !== undefined && probe.owner === cache.outcomes) return probe;
  return (state.probe = cache.outcomes.probe(outcomeName(state)));
}

/**
 * The name outcomes of `state` are counted under: its fname, built here without registering it
 * (a `@Cached` function may never need its fname otherwise), or its bare name while its class is unknown.
 */
export function outcomeName(state: DecoratedState): string {
  if (state.fname !== undefined) return state.fname;
  const ns = state.options.namespace ? `${state.options.namespace}.` : '';
  return state.placement === 'function' || !state.owner ? ns + state.name : `${ns}${state.owner.name}.${state.name}`;
}
