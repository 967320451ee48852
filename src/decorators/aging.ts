import type { DecoratedState } from './decorated.js';
import type { DecoratorHost } from './host.js';

const TAG = '__decocacheAged';

/** An entry as stored when its age matters (`grace`, `refreshAhead`): the value and when it was stored. */
interface AgedEntry {
  [TAG]: 1;
  /** The value. */
  v: unknown;
  /** When it was stored (ms since the epoch, the writer's clock). */
  s: number;
}

/** How old an entry of one decorated function may get: fresh for `timeoutMs`, then stale for `graceMs`. */
export interface AgePolicy {
  /** Fresh for this long after it was stored; `0` = forever. */
  readonly timeoutMs: number;
  /** Kept this long past `timeoutMs` to be served stale. */
  readonly graceMs: number;
  /** A hit this long after the store refreshes in the background; `Infinity` without `refreshAhead`. */
  readonly refreshAfterMs: number;
  /** Seconds the backend keeps the entry (and its version keys): timeout plus grace, `0` = forever. */
  readonly storeTimeout: number;
}

/** An entry read back: its value, and whether it is still fresh and due for a refresh. */
export interface Opened {
  value: unknown;
  fresh: boolean;
  refreshDue: boolean;
}

/** The age policy of a decorated function in `host` (for a result with its own timeout: `timeoutOverride`), or `undefined` when neither grace nor refreshAhead is set (entries are stored as they are). */
export function agePolicy(state: DecoratedState, host: DecoratorHost, timeoutOverride?: number): AgePolicy | undefined {
  const { grace, refreshAhead } = state.options;
  if (!grace && refreshAhead === undefined) return undefined;
  const timeout = timeoutOverride ?? state.timeout ?? host.defaultTimeout;
  const graceSeconds = grace ?? 0;
  return {
    timeoutMs: timeout * 1000,
    graceMs: graceSeconds * 1000,
    refreshAfterMs: refreshAhead === undefined || timeout === 0 ? Infinity : refreshAhead * timeout * 1000,
    storeTimeout: timeout === 0 ? 0 : Math.ceil(timeout + graceSeconds),
  };
}

/** What to store for `value` under `policy`. */
export function ageEntry(value: unknown, now: number): AgedEntry {
  return { [TAG]: 1, v: value, s: now };
}

/** What a fresh result is stored as: aged now under a policy (grace, refreshAhead), else as it is. */
export function storedForm(value: unknown, policy: AgePolicy | undefined): unknown {
  return policy === undefined ? value : ageEntry(value, Date.now());
}

/**
 * Reads what was stored under `policy`. A value stored without an age (before grace was set)
 * counts as fresh and never due: it is served until its own timeout, as before.
 */
export function openEntry(stored: unknown, policy: AgePolicy, now: number): Opened {
  if (typeof stored !== 'object' || stored === null || !(TAG in stored)) return { value: stored, fresh: true, refreshDue: false };
  const entry = stored as AgedEntry;
  const age = now - entry.s;
  const fresh = policy.timeoutMs === 0 || age < policy.timeoutMs;
  return { value: entry.v, fresh, refreshDue: fresh && age >= policy.refreshAfterMs };
}
