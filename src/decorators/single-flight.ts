import type { DecoratorHost } from './host.js';
import { hostState, type Flight } from './host-state.js';

/**
 * Single-flight: concurrent calls with the same key share one computation in this process.
 * Forced updates never join, so they always recompute. Flights are grouped (by function name, or
 * `view`), so a key needs no string built per call and an invalidation drops a group at once.
 * A flight begun before the local tier applied another invalidation (another process's write,
 * heard on the bus) is not joined either: it may compute from what that write replaced.
 * `run` gets `current()`, false once an invalidation dropped the flight: its result then goes to
 * the callers that joined before, but must not be stored over what came after.
 */
export function singleFlight<T>(host: DecoratorHost, group: string, key: string, join: boolean, run: (current: () => boolean) => Promise<T>): Promise<T> {
  const groups = hostState(host).flights;
  let flights = groups.get(group);
  const invalidations = host.invalidations;
  if (join && flights !== undefined) {
    const running = flights.get(key);
    if (running && running.invalidations === invalidations) return running.promise as Promise<T>;
  }
  if (flights === undefined) groups.set(group, (flights = new Map()));
  const inGroup = flights;
  // Assigned before run() can call current(): run is async and only asks after its first await.
  let flight: Flight | undefined;
  const promise = run(() => groups.get(group) === inGroup && inGroup.get(key) === flight);
  flight = { promise, invalidations };
  inGroup.set(key, flight);
  const done = () => {
    if (inGroup.get(key) !== flight) return;
    inGroup.delete(key);
    if (inGroup.size === 0 && groups.get(group) === inGroup) groups.delete(group);
  };
  promise.then(done, done);
  return promise;
}

/** Whether a computation of `key` is in progress in this process (a background refresh then has nothing to add). */
export function flightRunning(host: DecoratorHost, group: string, key: string): boolean {
  return hostState(host).flights.get(group)?.has(key) === true;
}

/** Forgets in-flight computations of one function, so calls after an invalidation start afresh. */
export function dropFlights(host: DecoratorHost, fname: string): void {
  hostState(host).flights.delete(fname);
}

/** Forgets the in-flight computation of one key, so a call after its entry was deleted starts afresh. */
export function dropFlight(host: DecoratorHost, group: string, key: string): void {
  hostState(host).flights.get(group)?.delete(key);
}
