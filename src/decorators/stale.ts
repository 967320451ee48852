import { messageOf } from '../errors.js';
import type { AnyFunction, DecoratedState } from './decorated.js';
import type { DecoratorHost } from './host.js';
import { probeOf } from './outcome.js';

/** Marks "no stale value at hand". */
export const NO_VALUE: unique symbol = Symbol('decocache.noValue');

/** A value past its timeout, kept under `grace`, or NO_VALUE. */
export type Fallback = unknown;

/** Serves a value past its timeout under `grace`: counts it and emits `stale`. */
export function serveStale(host: DecoratorHost, state: DecoratedState, key: string, value: unknown): unknown {
  probeOf(host, state).recordStale();
  if (host.events.listenerCount('stale') > 0) host.events.emit('stale', { kind: state.kind, key, fn: state.original as AnyFunction as (...args: never[]) => unknown });
  return value;
}

/** Emits `refresh`: a recomputation goes on in the background while the caller has its value. */
export function announceRefresh(host: DecoratorHost, state: DecoratedState, key: string): void {
  if (host.events.listenerCount('refresh') > 0) host.events.emit('refresh', { kind: state.kind, key, fn: state.original as AnyFunction as (...args: never[]) => unknown });
}

/** Logs what a background recomputation threw: nobody awaits it, and a stale value was served instead. */
export function logBackgroundFailure(host: DecoratorHost, state: DecoratedState, error: unknown): void {
  host.logger.warn(`decocache: the background recomputation of ${state.fname ?? state.name} failed (the stale value stays): ${messageOf(error)}`);
}

/**
 * The result of a recomputation, or the stale value when the function throws or, with
 * `softTimeout`, takes longer than that: the recomputation then finishes (and stores) in the
 * background. With no stale value at hand it is just the recomputation.
 */
export function orStale(host: DecoratorHost, state: DecoratedState, key: string, computing: Promise<unknown>, fallback: Fallback): Promise<unknown> {
  if (fallback === NO_VALUE) return computing;
  const failed = () => serveStale(host, state, key, fallback);
  const softTimeout = state.options.softTimeout;
  if (softTimeout === undefined) return computing.catch(failed);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      announceRefresh(host, state, key);
      computing.catch((error: unknown) => logBackgroundFailure(host, state, error));
      resolve(serveStale(host, state, key, fallback));
    }, softTimeout);
    computing.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(failed());
      },
    );
  });
}
