import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../src/deadlines.js';

const never = () => new Promise<never>(() => {});
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('Deadlines: one timer bounds every operation', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('rejects an operation that outlives the duration, with the error it is given', async () => {
    const deadlines = new Deadlines(100);
    const bounded = deadlines.bound(never(), () => new Error('too slow'));
    const outcome = expect(bounded).rejects.toThrow('too slow');
    await vi.advanceTimersByTimeAsync(101);
    await outcome;
  });

  it('passes through values and errors that come in time, and never times them out later', async () => {
    const deadlines = new Deadlines(100);
    const fast = deadlines.bound(later(10, 'ok'), () => new Error('timeout'));
    const failing = expect(deadlines.bound(Promise.reject(new Error('boom')), () => new Error('timeout'))).rejects.toThrow('boom');
    await vi.advanceTimersByTimeAsync(10);
    await expect(fast).resolves.toBe('ok');
    await failing;
    await vi.advanceTimersByTimeAsync(500);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives each operation its own deadline, measured from when it started', async () => {
    const deadlines = new Deadlines(100);
    const outcomes: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => outcomes.push(`${name} ok`), () => outcomes.push(`${name} timeout`));
    const first = track('first', deadlines.bound(never(), () => new Error('t')));
    await vi.advanceTimersByTimeAsync(60);
    const second = track('second', deadlines.bound(never(), () => new Error('t')));
    const third = track('third', deadlines.bound(later(120, 'x'), () => new Error('t')));
    await vi.advanceTimersByTimeAsync(41);
    expect(outcomes).toEqual(['first timeout']);
    await vi.advanceTimersByTimeAsync(60);
    await Promise.all([first, second, third]);
    expect(outcomes).toEqual(['first timeout', 'second timeout', 'third timeout']);
  });

  it('holds no timer while nothing is pending', async () => {
    const deadlines = new Deadlines(100);
    await deadlines.bound(Promise.resolve(1), () => new Error('t'));
    await vi.advanceTimersByTimeAsync(200);
    expect(vi.getTimerCount()).toBe(0);
  });
});
