import type { DecoratorHost } from './host.js';
import { hostState, type Flights, type HostState } from './host-state.js';

/**
 * The computations in progress of one function (or of `view`), by argument hash or view key. Most
 * of the time there is at most one: it sits in a slot, and a Map holds the others, so sequential
 * misses do not grow and shrink a Map's table on every call. A key is in one place at most.
 */
export class FlightGroup {
  #key: string | undefined;
  #flight: Flight | undefined;
  #more: Map<string, Flight> | undefined;

  get(key: string): Flight | undefined {
    return this.#key === key ? this.#flight : this.#more?.get(key);
  }

  set(key: string, flight: Flight): void {
    if (this.#key === key || (this.#key === undefined && this.#more?.has(key) !== true)) {
      this.#key = key;
      this.#flight = flight;
    } else (this.#more ??= new Map()).set(key, flight);
  }

  delete(key: string): void {
    if (this.#key === key) {
      this.#key = undefined;
      this.#flight = undefined;
    } else this.#more?.delete(key);
  }
}

/**
 * One computation in progress for one key in this process: the promise later calls join, the
 * local tier's invalidation count when it began, and where it is registered.
 */
export class Flight {
  readonly #flights: Flights;
  readonly #group: string;
  readonly #inGroup: FlightGroup;
  readonly #key: string;

  constructor(
    flights: Flights,
    group: string,
    inGroup: FlightGroup,
    key: string,
    readonly promise: Promise<unknown>,
    readonly invalidations: number,
  ) {
    this.#flights = flights;
    this.#group = group;
    this.#inGroup = inGroup;
    this.#key = key;
  }

  /** False once an invalidation dropped this flight: its result may then be returned, never stored. */
  current(): boolean {
    return this.#flights.get(this.#group) === this.#inGroup && this.#inGroup.get(this.#key) === this;
  }

  /** Unregisters the flight once its computation settled, so later calls compute afresh. */
  land(): void {
    // The group stays when it empties (one per decorated function).
    if (this.#inGroup.get(this.#key) === this) this.#inGroup.delete(this.#key);
  }
}

/**
 * The computation of `key` a call may join: one in progress in this process, begun under the
 * local tier's current invalidation count (one begun before the local tier applied another
 * invalidation, another process's write heard on the bus, may compute from what it replaced).
 */
export function joinableFlight(host: DecoratorHost, group: string, key: string, state: HostState = hostState(host)): Promise<unknown> | undefined {
  const running = state.flights.get(group)?.get(key);
  return running !== undefined && running.invalidations === host.invalidations ? running.promise : undefined;
}

/** Registers `promise` as the computation of `key` (replacing any other); the caller lands it once it settles. */
export function startFlight(host: DecoratorHost, group: string, key: string, promise: Promise<unknown>, state: HostState = hostState(host)): Flight {
  const flights = state.flights;
  let inGroup = flights.get(group);
  if (inGroup === undefined) flights.set(group, (inGroup = new FlightGroup()));
  const flight = new Flight(flights, group, inGroup, key, promise, host.invalidations);
  inGroup.set(key, flight);
  return flight;
}

/**
 * Single-flight: concurrent calls with the same key share one computation in this process.
 * Forced updates never join, so they always recompute. Flights are grouped (by function name, or
 * `view`), so a key needs no string built per call and an invalidation drops a group at once.
 * `run` gets `current()`, false once an invalidation dropped the flight: its result then goes to
 * the callers that joined before, but must not be stored over what came after.
 */
export function singleFlight<T>(host: DecoratorHost, group: string, key: string, join: boolean, run: (current: () => boolean) => Promise<T>): Promise<T> {
  if (join) {
    const running = joinableFlight(host, group, key);
    if (running !== undefined) return running as Promise<T>;
  }
  // Assigned before run() can call current(): run is async and only asks after its first await.
  let flight: Flight | undefined;
  const promise = run(() => flight !== undefined && flight.current());
  flight = startFlight(host, group, key, promise);
  const land = (): void => flight!.land();
  promise.then(land, land);
  return promise;
}

/** Whether a computation of `key` is in progress in this process (a background refresh then has nothing to add). */
export function flightRunning(host: DecoratorHost, group: string, key: string): boolean {
  return hostState(host).flights.get(group)?.get(key) !== undefined;
}

/** Forgets in-flight computations of one function, so calls after an invalidation start afresh. */
export function dropFlights(host: DecoratorHost, fname: string): void {
  hostState(host).flights.delete(fname);
}

/** Forgets the in-flight computation of one key, so a call after its entry was deleted starts afresh. */
export function dropFlight(host: DecoratorHost, group: string, key: string): void {
  hostState(host).flights.get(group)?.delete(key);
}
