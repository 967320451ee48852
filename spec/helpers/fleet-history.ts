/**
 * What the fleet workers log: every operation with its start and end in ms on the shared clock
 * (busClock; `start` taken before the call, `end` after it settled) and the process (`p`, the
 * worker's index) that ran it, and every bus message each process heard.
 */

/** Fields every logged operation has. */
interface Timed {
  start: number;
  end: number;
  /** The call resolved (for an invalidation: the truth was bumped and the delete resolved). */
  ok: boolean;
  /** Index of the worker that ran it. */
  p?: number;
}

/** A memoized read of `value(key)`: the counter of the value it returned, and which computation made it. */
export interface MemoRead extends Timed {
  op: 'read';
  key: string;
  /** Truth counter the returned value carries. */
  n?: number;
  /** Id of the computation that produced the value (`pid:seq`). */
  id?: string;
  /** When that computation read the truth. */
  readAt?: number;
  /** Start of the call whose computation this one joined (memoize's in-process single-flight), if it joined one. */
  joinedAt?: number;
}

/** Truth counters bumped, then `deleteMemoized(value, key)` (one key) or `deleteMemoized(value)` (all). */
export interface Invalidation extends Timed {
  op: 'invalidate';
  /** Counter per key after the bump. */
  counters: Record<string, number>;
}

/** `cache.set(key, { n })` with a counter unique per key. */
export interface PlainSet extends Timed {
  op: 'set';
  key: string;
  n: number;
}

/** `cache.get(key)`: the counter it returned, if any. */
export interface PlainGet extends Timed {
  op: 'get';
  key: string;
  n?: number;
}

/** One logged operation. */
export type FleetOp = MemoRead | Invalidation | PlainSet | PlainGet;

/** A bus message process `p` heard from process `from`: when it was sent and when it arrived. */
export interface Heard {
  p: number;
  from: number;
  at: number;
  receivedAt: number;
}
