import type { FleetOp, Heard, MemoRead, PlainGet } from './fleet-history.js';

export type { FleetOp, Heard } from './fleet-history.js';

/** Why a stale read is a violation. */
export type Breach = 'bound' | 'heard' | 'own write';

/** A read that returned a value an invalidation or a later write had replaced. */
export interface StaleRead {
  /** The read. */
  read: MemoRead | PlainGet;
  /** End of the invalidation or write that made the value old. */
  since: number;
  /** How long after that the read started (ms). */
  lateBy: number;
  /** For memoized reads: when the value was stored at the latest (the first end of an op returning it). */
  storedBy?: number;
  /**
   * For violations: the read started more than the bound after `since`; or after its process had
   * heard a later message of the writer (so the writer's message for this change too); or in the
   * writer's own process after its write completed.
   */
  breach?: Breach;
}

/** What the checker found. */
export interface CheckResult {
  /** Stale reads the tier must never produce: must be empty. */
  violations: StaleRead[];
  /**
   * Memoized reads of a value whose computation read the truth before the invalidation and that
   * may have been stored after the invalidation's delete ran: the store-after-delete race of
   * memoize itself (a slow computation writing back what a delete just removed), not of the tier.
   */
  lateStores: StaleRead[];
  /**
   * Memoized reads that joined a computation begun before the change completed (or before their
   * process heard of it) and got its old value: memoize's in-process single-flight sharing a
   * flight across an invalidation, not the tier. Judged from the flight's start they are fine.
   */
  joinedFlights: StaleRead[];
  /** Other stale reads: within the bound, before the process could have heard of the change. */
  withinBound: StaleRead[];
  /** Operations checked, by kind. */
  counts: Record<FleetOp['op'], number>;
}

/** A completed change: an invalidation of one key (its counter after the bump) or a set (its counter). */
interface Change {
  start: number;
  end: number;
  n: number;
  p: number | undefined;
}

function byKeyAndEnd(entries: Iterable<[string, Change]>): Map<string, Change[]> {
  const map = new Map<string, Change[]>();
  for (const [key, c] of entries) {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  }
  for (const list of map.values()) list.sort((a, b) => a.end - b.end);
  return map;
}

/** Index of the first change ending at or after `t` (those before it ended before `t`). */
function endingBefore(list: readonly Change[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * When process `p` heard the first message of process `from` sent after `t`: messages of one
 * sender arrive in the order they were sent, so by then it had heard every message `from` sent
 * for a change that completed by `t`.
 */
function hearing(heard: readonly Heard[]): (p: number, from: number, t: number) => number {
  const lists = new Map<string, Heard[]>();
  for (const h of heard) {
    const id = `${h.p}<${h.from}`;
    const list = lists.get(id);
    if (list) list.push(h);
    else lists.set(id, [h]);
  }
  for (const list of lists.values()) list.sort((a, b) => a.at - b.at);
  return (p, from, t) => {
    const list = lists.get(`${p}<${from}`);
    if (list === undefined) return Infinity;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.at <= t) lo = mid + 1;
      else hi = mid;
    }
    return list[lo]?.receivedAt ?? Infinity;
  };
}

type Verdict = 'violations' | 'lateStores' | 'joinedFlights' | 'withinBound';
const RANK: Record<Verdict, number> = { withinBound: 0, joinedFlights: 1, lateStores: 2, violations: 3 };

/**
 * Checks that no read returned a value replaced by a change that completed more than `boundMs`
 * before the read started; nor after its process had heard of the change (a later message from
 * the same writer had arrived), nor after its own process made the change. A memoized read is
 * stale when its value's counter is below the one an invalidation of its key set; a plain get
 * when another set of its key started after the value's own set completed (Redis applied it
 * later) and completed before the get started. Failed operations never count as completed, and
 * a failed set may have landed at any time.
 */
export function checkHistory(ops: readonly FleetOp[], boundMs: number, heard: readonly Heard[] = []): CheckResult {
  const counts: Record<FleetOp['op'], number> = { read: 0, invalidate: 0, set: 0, get: 0 };
  const storedBy = new Map<string, number>();
  const invalidations: [string, Change][] = [];
  const sets: [string, Change][] = [];
  const ownSet = new Map<string, Change>();
  for (const op of ops) {
    counts[op.op]++;
    if (op.op === 'read' && op.ok && op.id !== undefined) storedBy.set(op.id, Math.min(storedBy.get(op.id) ?? Infinity, op.end));
    if (op.op === 'invalidate' && op.ok) for (const [key, n] of Object.entries(op.counters)) invalidations.push([key, { start: op.start, end: op.end, n, p: op.p }]);
    if (op.op === 'set') {
      const change = { start: op.start, end: op.ok ? op.end : Infinity, n: op.n, p: op.p };
      ownSet.set(`${op.key}#${op.n}`, change);
      if (op.ok) sets.push([op.key, change]);
    }
  }
  const invalidated = byKeyAndEnd(invalidations);
  const written = byKeyAndEnd(sets);
  const heardAfter = hearing(heard);
  const result: CheckResult = { violations: [], lateStores: [], joinedFlights: [], withinBound: [], counts };

  const judge = (read: MemoRead | PlainGet, change: Change, stored: number | undefined): StaleRead & { verdict: Verdict } => {
    const verdict = judgeFrom(read, read.start, change, stored);
    const joinedAt = read.op === 'read' ? read.joinedAt : undefined;
    if (verdict.verdict !== 'violations' || joinedAt === undefined) return verdict;
    return judgeFrom(read, joinedAt, change, stored).verdict === 'violations' ? verdict : { ...verdict, verdict: 'joinedFlights' };
  };

  const judgeFrom = (read: MemoRead | PlainGet, start: number, change: Change, stored: number | undefined): StaleRead & { verdict: Verdict } => {
    const lateBy = start - change.end;
    const found: StaleRead = { read, since: change.end, lateBy };
    if (stored !== undefined) found.storedBy = stored;
    // The value may have been written back after this change's delete ran: memoize's race.
    if (stored !== undefined && change.start < stored) return { ...found, verdict: 'lateStores' };
    let breach: Breach | undefined;
    if (read.p !== undefined && read.p === change.p && lateBy > 0) breach = 'own write';
    else if (read.p !== undefined && change.p !== undefined && start > heardAfter(read.p, change.p, change.end)) breach = 'heard';
    else if (lateBy > boundMs) breach = 'bound';
    return breach === undefined ? { ...found, verdict: 'withinBound' } : { ...found, breach, verdict: 'violations' };
  };

  for (const op of ops) {
    if (!op.ok || (op.op !== 'read' && op.op !== 'get') || op.n === undefined) continue;
    let worst: (StaleRead & { verdict: Verdict }) | undefined;
    const consider = (found: StaleRead & { verdict: Verdict }) => {
      if (worst === undefined || RANK[found.verdict] > RANK[worst.verdict]) worst = found;
    };
    if (op.op === 'read') {
      const list = invalidated.get(op.key) ?? [];
      const stored = storedBy.get(op.id!) ?? op.end;
      for (let i = endingBefore(list, op.start) - 1; i >= 0; i--) {
        const inv = list[i]!;
        // Every invalidation that ended before the value's computation read the truth had bumped it already.
        if (inv.end < (op.readAt ?? -Infinity)) break;
        if (inv.n > op.n) consider(judge(op, inv, stored));
      }
    } else {
      const list = written.get(op.key) ?? [];
      const own = ownSet.get(`${op.key}#${op.n}`);
      // A set that ended before the value's own set ended cannot have started after it.
      if (own !== undefined) {
        for (let i = endingBefore(list, own.end), upto = endingBefore(list, op.start); i < upto; i++) {
          if (list[i]!.start > own.end) consider(judge(op, list[i]!, undefined));
        }
      }
    }
    if (worst === undefined) continue;
    const { verdict, ...found } = worst;
    result[verdict].push(found);
  }
  return result;
}
