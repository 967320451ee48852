import type { CallDeadline } from '../../call-deadline.js';
import type { MemoizeKeyParts } from '../../keys/memoize-key.js';
import { openEntry, storedForm, type AgePolicy } from '../aging.js';
import type { MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { computeThenStore } from '../compute-then-store.js';
import type { Lookup } from '../lease-wait.js';
import { flightRunning, singleFlight } from '../single-flight.js';
import { announceRefresh, logBackgroundFailure } from '../stale.js';
import { readForUpdate, storeEntry, type EntryRead } from './entry.js';

/**
 * Runs the function and stores its result in the memoized entry (see computeThenStore); with
 * `lock`, only the holder of the fleet-wide lease computes and the others get its stored value.
 */
export function computeAndStore(
  state: MemoizedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  read: EntryRead,
  current: () => boolean,
  deadline: CallDeadline,
  policy: AgePolicy | undefined,
): Promise<unknown> {
  const store = (result: unknown) => storeEntry(host, read, storedForm(result, policy), policy?.storeTimeout ?? state.timeout);
  return computeThenStore(state, host, self, args, read.key, current, deadline, store, storedValue(host, state, read.key, policy));
}

/**
 * Refreshes an entry in the background (`refreshAhead`), at most once at a time per key in this
 * process (a computation already running for it refreshes it anyway) and, with `lock`, per fleet:
 * a process that finds the lease taken finds the current value and stops there.
 */
export function refreshInBackground(
  state: MemoizedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  parts: MemoizeKeyParts,
  policy: AgePolicy,
  key: string,
): void {
  if (flightRunning(host, parts.fname, parts.hash)) return;
  announceRefresh(host, state, key);
  const deadline = host.callDeadline();
  singleFlight(host, parts.fname, parts.hash, true, async (current) => {
    const read = await deadline.bound(readForUpdate(host, parts, policy.storeTimeout));
    return computeAndStore(state, host, self, args, read, current, deadline, policy);
  }).catch((error: unknown) => logBackgroundFailure(host, state, error));
}

/** What a caller waiting on another process's lease looks for: the entry at `key`, stored and fresh. */
function storedValue(host: DecoratorHost, state: MemoizedState, key: string, policy: AgePolicy | undefined): Lookup {
  return async () => {
    const stored = await host.get(key);
    if (stored === undefined || (stored === null && !state.options.cacheNone)) return { found: false, value: undefined };
    if (policy === undefined) return { found: true, value: stored };
    const entry = openEntry(stored, policy, Date.now());
    return { found: entry.fresh, value: entry.value };
  };
}
