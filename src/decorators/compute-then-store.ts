import type { CallDeadline } from '../call-deadline.js';
import { callOriginal, shouldStore } from './callbacks.js';
import type { DecoratedState } from './decorated.js';
import type { DecoratorHost } from './host.js';
import { underLease, type Lookup } from './lease-wait.js';
import { reportFailure } from './outcome.js';

/** Writes a fresh result where it belongs (the memoized entry, the view key). */
export type Store = (result: unknown) => Promise<unknown>;

/**
 * Runs the decorated function (its own time does not count against the call's deadline) and
 * stores what it returns with what is left of it, unless `responseFilter` or `cacheNone` say no
 * or an invalidation came while it ran (`current()` is then false: the result is only returned).
 * A failed store is reported; the result goes to the caller either way. With `lock`, only the
 * holder of the fleet-wide lease on `key` computes; the others get the value it stored (`lookup`).
 */
export async function computeThenStore(
  state: DecoratedState,
  host: DecoratorHost,
  self: unknown,
  args: unknown[],
  key: string,
  current: () => boolean,
  deadline: CallDeadline,
  store: Store,
  lookup: Lookup,
): Promise<unknown> {
  const run = async (bound: CallDeadline): Promise<unknown> => {
    const result = await bound.outside(() => callOriginal(state, self, args));
    const verdict = shouldStore(state.options, self, result);
    if ((verdict === true || (verdict !== false && (await verdict))) && current()) {
      try {
        await bound.bound(store(result));
      } catch (error) {
        reportFailure(host, state, error, key);
      }
    }
    return result;
  };
  const lock = state.options.lock;
  if (!lock) return run(deadline);
  // Waiting for the lease can outlast operationTimeout: the computation gets a deadline of its own.
  return (await underLease(host, key, lock, () => run(host.callDeadline()), lookup)).value;
}
