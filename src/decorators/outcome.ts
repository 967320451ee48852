import type { AnyFunction, DecoratedState } from './decorated.js';
import type { DecoratorHost } from './host.js';

/** Emits a hit or miss event of a decorated call; the payload is only built when someone listens (hot path). */
export function emitOutcome(host: DecoratorHost, hit: boolean, state: DecoratedState, key: string): void {
  if (hit ? !host.events.hasHitListeners : host.events.listenerCount('miss') === 0) return;
  const name = hit ? 'hit' : 'miss';
  host.events.emit(name, { kind: state.kind, key, fn: state.original as AnyFunction as (...args: never[]) => unknown });
}

/** Reports a cache error of a decorated call (it then runs uncached). */
export function reportFailure(host: DecoratorHost, state: DecoratedState, error: unknown, key?: string): void {
  host.reportError(error, key === undefined ? { kind: state.kind, fn: state.original } : { kind: state.kind, key, fn: state.original });
}
