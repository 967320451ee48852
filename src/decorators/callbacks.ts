import type { CommonOptions } from './options.js';
import type { DecoratedState } from './decorated.js';

type Callable = (this: unknown, ...args: unknown[]) => unknown;

/** Calls an option callback with the call's `this`; only `=== true` counts, as in Flask. */
export async function isTrue(callback: ((...args: never[]) => unknown) | undefined, self: unknown, args: readonly unknown[]): Promise<boolean> {
  if (!callback) return false;
  return (await (callback as Callable).apply(self, args as unknown[])) === true;
}

/** Runs the undecorated function. */
export function callOriginal(state: DecoratedState, self: unknown, args: readonly unknown[]): Promise<unknown> {
  return Promise.resolve((state.original as unknown as Callable).apply(self, args as unknown[]));
}

/**
 * Whether a fresh result should be stored: `responseFilter` (outside the fail-open net) and
 * `cacheNone`. A promise only when `responseFilter` returns one.
 */
export function shouldStore(options: CommonOptions, self: unknown, result: unknown): boolean | Promise<boolean> {
  if ((result === undefined || result === null) && !options.cacheNone) return false;
  if (!options.responseFilter) return true;
  const verdict = (options.responseFilter as Callable).call(self, result);
  return verdict instanceof Promise ? verdict.then(Boolean) : Boolean(verdict);
}
