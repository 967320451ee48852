import { describe, expect, it } from 'vitest';
import { checkHistory, type FleetOp } from '../helpers/fleet-checker.js';

const BOUND = 100;
const read = (key: string, start: number, n: number, id: string, readAt: number, end = start + 1): FleetOp => ({ op: 'read', key, start, end, ok: true, n, id, readAt });
const invalidate = (counters: Record<string, number>, start: number, end: number, ok = true): FleetOp => ({ op: 'invalidate', counters, start, end, ok });
const set = (key: string, n: number, start: number, end: number, ok = true): FleetOp => ({ op: 'set', key, n, start, end, ok });
const get = (key: string, start: number, n: number | undefined): FleetOp => ({ op: 'get', key, start, end: start + 1, ok: true, n });

describe('checkHistory', () => {
  it('a clean history has no stale reads', () => {
    const ops = [
      read('a', 0, 0, 'x', 0, 5),
      read('a', 10, 0, 'x', 0),
      invalidate({ a: 1 }, 20, 25),
      read('a', 30, 1, 'y', 30, 35),
      read('a', 500, 1, 'y', 30),
    ];
    const result = checkHistory(ops, BOUND);
    expect(result.violations).toEqual([]);
    expect(result.withinBound).toEqual([]);
    expect(result.counts).toEqual({ read: 4, invalidate: 1, set: 0, get: 0 });
  });

  it('the old value read after the bound is a violation; within the bound it is the propagation window', () => {
    const ops = [read('a', 0, 0, 'x', 0, 5), invalidate({ a: 1 }, 20, 25), read('a', 60, 0, 'x', 0), read('a', 126, 0, 'x', 0)];
    const result = checkHistory(ops, BOUND);
    expect(result.withinBound.map((s) => s.lateBy)).toEqual([35]);
    expect(result.violations.map((s) => [s.read.start, s.since, s.lateBy])).toEqual([[126, 25, 101]]);
  });

  it('deleteMemoized(fn) invalidates every key it bumped', () => {
    const ops = [read('a', 0, 3, 'x', 0, 5), read('b', 0, 7, 'z', 0, 5), invalidate({ a: 4, b: 8 }, 20, 25), read('b', 400, 7, 'z', 0)];
    expect(checkHistory(ops, BOUND).violations.map((s) => s.read.key)).toEqual(['b']);
  });

  it('a value computed before the invalidation but possibly stored after it is a late store, not a tier violation', () => {
    // x read the truth at 18, before the bump; its first caller ended at 30, after the invalidation began.
    const ops = [invalidate({ a: 1 }, 20, 25), read('a', 10, 0, 'x', 18, 30), read('a', 400, 0, 'x', 18)];
    const result = checkHistory(ops, BOUND);
    expect(result.violations).toEqual([]);
    expect(result.lateStores.map((s) => s.read.start)).toEqual([400]);
  });

  it('an invalidation that failed is not counted as completed', () => {
    const ops = [read('a', 0, 0, 'x', 0, 5), invalidate({ a: 1 }, 20, 25, false), read('a', 400, 0, 'x', 0)];
    expect(checkHistory(ops, BOUND).violations).toEqual([]);
  });

  it('a get returning a value overwritten by a set that began after it completed is a violation', () => {
    const ops = [set('p', 1, 0, 5), set('p', 2, 10, 15), get('p', 50, 1), get('p', 200, 1), get('p', 300, 2)];
    const result = checkHistory(ops, BOUND);
    expect(result.withinBound.map((s) => s.read.start)).toEqual([50]);
    expect(result.violations.map((s) => [s.read.start, s.since])).toEqual([[200, 15]]);
  });

  it('two sets in flight together may land in either order', () => {
    const ops = [set('p', 1, 0, 20), set('p', 2, 5, 15), get('p', 500, 1), get('p', 600, 2)];
    expect(checkHistory(ops, BOUND).violations).toEqual([]);
  });

  it('a set that failed may still have landed, at any time', () => {
    const ops = [set('p', 1, 0, 5, false), set('p', 2, 10, 15), get('p', 500, 1)];
    expect(checkHistory(ops, BOUND).violations).toEqual([]);
    const after = [set('p', 1, 0, 5), set('p', 2, 10, 15, false), get('p', 500, 1)];
    expect(checkHistory(after, BOUND).violations).toEqual([]);
  });

  it('a miss is never stale (entries may expire or Redis may restart empty)', () => {
    expect(checkHistory([set('p', 1, 0, 5), get('p', 500, undefined)], BOUND).violations).toEqual([]);
  });
});

describe('checkHistory with what each process heard', () => {
  const tagged = (op: FleetOp, p: number): FleetOp => ({ ...op, p });

  it('a stale read started after its process heard a later message of the writer is a violation, however soon', () => {
    const ops = [tagged(read('a', 0, 0, 'x', 0, 5), 1), tagged(invalidate({ a: 1 }, 20, 25), 0), tagged(read('a', 40, 0, 'x', 0), 1)];
    const heard = [{ p: 1, from: 0, at: 24, receivedAt: 27 }, { p: 1, from: 0, at: 30, receivedAt: 35 }];
    const result = checkHistory(ops, BOUND, heard);
    expect(result.violations.map((s) => [s.read.start, s.breach])).toEqual([[40, 'heard']]);
  });

  it('before the process heard anything later from the writer, it is the propagation window', () => {
    const ops = [tagged(read('a', 0, 0, 'x', 0, 5), 1), tagged(invalidate({ a: 1 }, 20, 25), 0), tagged(read('a', 40, 0, 'x', 0), 1)];
    const heard = [{ p: 1, from: 0, at: 24, receivedAt: 27 }, { p: 1, from: 0, at: 30, receivedAt: 45 }];
    expect(checkHistory(ops, BOUND, heard).withinBound).toHaveLength(1);
  });

  it("a read in the writer's own process after its write completed must never be stale", () => {
    const ops = [tagged(set('p', 1, 0, 5), 0), tagged(set('p', 2, 10, 15), 0), tagged(get('p', 16, 1), 0)];
    expect(checkHistory(ops, BOUND).violations.map((s) => s.breach)).toEqual(['own write']);
  });
});

describe('checkHistory and single-flight', () => {
  it('a read that joined a computation begun before the change is judged from when that computation began', () => {
    const joined: FleetOp = { op: 'read', key: 'a', start: 30, end: 31, ok: true, n: 0, id: 'x', readAt: 0, joinedAt: 19, p: 0 };
    const ops = [read('a', 0, 0, 'x', 0, 5), { ...read('a', 19, 0, 'x', 0, 31), p: 0 }, { ...invalidate({ a: 1 }, 20, 25), p: 0 }, joined];
    const result = checkHistory(ops, BOUND);
    expect(result.violations).toEqual([]);
    expect(result.joinedFlights.map((s) => s.read.start)).toEqual([30]);
  });
});
