import type { CallDeadline } from '../../call-deadline.js';
import type { MemoizeKeyParts } from '../../keys/memoize-key.js';
import { ageEntry, openEntry, type AgePolicy } from '../aging.js';
import { callOriginal, shouldStore } from '../callbacks.js';
import type { MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { underLease, type Lookup } from '../lease-wait.js';
import { reportFailure } from '../outcome.js';
import { flightRunning, singleFlight } from '../single-flight.js';
import { announceRefresh, logBackgroundFailure } from '../stale.js';
import { readForUpdate, storeEntry, type EntryRead } from './entry.js';

/**
 * Runs the function and stores what it returns (unless `responseFilter` or `cacheNone` say no, or
 * an invalidation came while it ran: `current()` is then false and the result is only returned).
 * With `lock`, only the holder of the fleet-wide lease computes; the others get its stored value.
 */
export async function computeAndStore(
  state: MemoizedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  read: EntryRead,
  current: () => boolean,
  deadline: CallDeadline,
  policy: AgePolicy | undefined,
): Promise<unknown> {
  const run = async (bound: CallDeadline): Promise<unknown> => {
    // The function's own time does not count against the deadline; the store gets what is left.
    const result = await bound.outside(() => callOriginal(state, self, args));
    if ((await shouldStore(state.options, self, result)) && current()) {
      const stored = policy === undefined ? result : ageEntry(result, Date.now());
      try {
        await bound.bound(storeEntry(host, read, stored, policy?.storeTimeout ?? state.timeout));
      } catch (error) {
        reportFailure(host, state, error, read.key);
      }
    }
    return result;
  };
  const lock = state.options.lock;
  if (!lock) return run(deadline);
  // Waiting for the lease can outlast operationTimeout: the computation gets a deadline of its own.
  const outcome = await underLease(host, read.key, lock, () => run(host.callDeadline()), storedValue(host, state, read.key, policy));
  return outcome.value;
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
