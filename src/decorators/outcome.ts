import type { FunctionProbe } from '../observe/probe.js';
import type { HitTier } from '../observe/observer.js';
import type { AnyFunction, DecoratedState } from './decorated.js';
import type { DecoratorHost } from './host.js';

/**
 * Counts a hit (answered by `tier`) or a miss of a decorated call and emits its event; the event
 * payload is only built when someone listens (hot path).
 */
export function emitOutcome(host: DecoratorHost, hit: boolean, state: DecoratedState, key: string, tier: HitTier = 'shared'): void {
  const probe = probeOf(host, state);
  if (hit) probe.recordHit(tier, key);
  else probe.recordMiss(key);
  if (hit ? !host.events.hasHitListeners : host.events.listenerCount('miss') === 0) return;
  const fn = state.original as AnyFunction as (...args: never[]) => unknown;
  if (hit) host.events.emit('hit', { kind: state.kind, key, fn, tier });
  else host.events.emit('miss', { kind: state.kind, key, fn });
}

/** Reports a cache error of a decorated call (it then runs uncached), counted under its function. */
export function reportFailure(host: DecoratorHost, state: DecoratedState, error: unknown, key?: string): void {
  const event = key === undefined ? { kind: state.kind, fn: state.original } : { kind: state.kind, key, fn: state.original };
  host.reportError(error, event, outcomeName(state));
}

/** The outcome counters of a decorated function in `host`, found once and kept on its state. */
export function probeOf(host: DecoratorHost, state: DecoratedState): FunctionProbe {
  const probe = state.probe;
  if (probe !== undefined && probe.owner === host.outcomes) return probe;
  return (state.probe = host.outcomes.probe(outcomeName(state)));
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
