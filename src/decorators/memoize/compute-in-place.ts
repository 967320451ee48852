import type { InPlaceWrite } from '../../codec/in-place-write.js';
import type { MemoizeKeyParts } from '../../keys/memoize-key.js';
import { storedForm, type AgePolicy } from '../aging.js';
import { callOriginal, shouldStore } from '../callbacks.js';
import type { MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { hintAfterTouch, hostState, type HostState } from '../host-state.js';
import { reportFailure } from '../outcome.js';
import { joinableFlight, startFlight, type Flight } from '../single-flight.js';
import type { InPlaceRead } from './entry.js';

/**
 * A miss found in place on a backend that also writes in place (SimpleCache): computed once per
 * key (single-flight) and stored synchronously as the computation settles, so the caller waits
 * on one promise beyond the function's own. Stores like the round-trip path: the entry, then its
 * versions kept alive as long; not when `responseFilter` or an invalidation during the
 * computation says no; a failed store is reported and the result returned. It registers its flight
 * itself (joinableFlight, startFlight) rather than through singleFlight, so that storing and landing
 * share one promise turn instead of singleFlight's extra `.then(land, land)`.
 */
export function computeInPlace(
  state: MemoizedState,
  host: DecoratorHost,
  write: InPlaceWrite,
  self: unknown,
  args: unknown[],
  parts: MemoizeKeyParts,
  read: InPlaceRead,
  policy: AgePolicy | undefined,
): Promise<unknown> {
  const hs = hostState(host);
  const running = joinableFlight(host, parts.fname, parts.hash, hs);
  if (running !== undefined) return running;
  let computing: Promise<unknown>;
  try {
    computing = callOriginal(state, self, args);
  } catch (error) {
    return Promise.reject(error);
  }
  // Registered once the promise exists: a synchronous recursive call with the same key computes on its own.
  let flight: Flight;
  const settled = computing.then(
    (result) => {
      // The flight lands once the result is stored or refused, whatever throws (debug mode re-throws store errors).
      let later: Promise<unknown> | undefined;
      try {
        const verdict = shouldStore(state.options, self, result);
        if (verdict === true) store(state, host, hs, write, parts, read, result, policy, flight);
        else if (verdict !== false) {
          later = verdict.then((yes) => {
            if (yes) store(state, host, hs, write, parts, read, result, policy, flight);
            return result;
          });
        }
      } finally {
        if (later === undefined) flight.land();
      }
      return later === undefined ? result : later.finally(() => flight.land());
    },
    (error: unknown) => {
      flight.land();
      throw error;
    },
  );
  flight = startFlight(host, parts.fname, parts.hash, settled, hs);
  return settled;
}

/** Writes the entry and extends its versions, unless an invalidation came while it was computed. */
function store(state: MemoizedState, host: DecoratorHost, hs: HostState, write: InPlaceWrite, parts: MemoizeKeyParts, read: InPlaceRead, result: unknown, policy: AgePolicy | undefined, flight: Flight): void {
  if (!flight.current()) return;
  const timeout = policy?.storeTimeout ?? state.timeout;
  try {
    write.set(read.key, storedForm(result, policy), timeout);
    const { versionKeys } = parts;
    keepVersion(hs, write, versionKeys[0]!, read.version, timeout);
    if (versionKeys.length > 1) keepVersion(hs, write, versionKeys[1]!, read.instanceVersion, timeout);
  } catch (error) {
    reportFailure(host, state, error, read.key);
  }
}

/** Keeps a version alive as long as the entry stored under it, and remembers it while it exists. */
function keepVersion(hs: HostState, write: InPlaceWrite, key: string, value: string, timeout: number | undefined): void {
  hintAfterTouch(hs, key, value, write.touch(key, timeout));
}
