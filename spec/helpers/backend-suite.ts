import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { describeBackendSuite, type BackendTraits, type CreateBackend, type SuiteClock } from '../../src/testing/backend-suite.js';

/** Moves a fake `Date.now()` (only Date is faked, so I/O and timers stay real), for in-process backends. */
const fakeDate: SuiteClock = {
  advance(ms) {
    if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + ms);
  },
  restore() {
    vi.useRealTimers();
  },
};

/** Where the backend's clock comes from: real servers are waited for, in-process stores read a fake Date. */
export type SuiteTime = 'real' | 'fake';

/**
 * Runs the published Backend conformance suite (decocache/testing) under vitest, beside the
 * Cache-level suite of conformance.ts: `create(prefix)` builds the backend for keys under `prefix`.
 */
export function runBackendSuite(name: string, create: CreateBackend, traits: BackendTraits, time: SuiteTime): void {
  describeBackendSuite({
    name,
    runner: { describe, it, beforeAll, afterAll },
    create,
    traits,
    ...(time === 'fake' ? { clock: fakeDate } : {}),
  });
}
