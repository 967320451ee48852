import type { DecoratorHost } from './host.js';
import type { FlightGroup } from './single-flight.js';

/** Computations in progress, by function name (or `view`), then argument hash or view key. */
export type Flights = Map<string, FlightGroup>;

/** Per-cache state that only the decorators use; a reconfigured cache starts afresh. */
export interface HostState {
  /** Last version value read per version key, so the next call reads versions and entry in one round trip. */
  readonly versionHints: Map<string, string>;
  /** Computations in progress, by function name (or `view`), then argument hash or view key. */
  readonly flights: Flights;
  /** Function names already warned about process-local instance identities. */
  readonly warnedIdentity: Set<string>;
}

const MAX_HINTS = 10_000;
const states = new WeakMap<object, HostState>();

/** The decorator state of `host`'s current backend. */
export function hostState(host: DecoratorHost): HostState {
  const epoch = host.backendEpoch;
  let state = states.get(epoch);
  if (state === undefined) {
    state = { versionHints: new Map(), flights: new Map(), warnedIdentity: new Set() };
    states.set(epoch, state);
  }
  return state;
}

/** After a store touched a version key: remembered while it exists, forgotten once it is gone. */
export function hintAfterTouch(state: HostState, key: string, value: string, exists: boolean): void {
  if (exists) rememberHint(state, key, value);
  else state.versionHints.delete(key);
}

/** Remembers a version value; a full table is dropped whole (no LRU work on the hot path). */
export function rememberHint(state: HostState, key: string, value: string): void {
  if (state.versionHints.size >= MAX_HINTS) state.versionHints.clear();
  state.versionHints.set(key, value);
}
