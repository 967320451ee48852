import assert from 'node:assert/strict';
import type { Backend } from '../backends/backend.js';
import { describePeek } from './peek.js';
import { describeWritesNow } from './writes-now.js';
import { describeCounters } from './counters.js';
import { describeExpiry } from './expiry.js';
import { describeReadsAndWrites } from './reads-and-writes.js';
import { describeRemoval } from './removal.js';
import { SuiteContext } from './suite-context.js';

/** The test functions the suite registers its cases with; vitest, jest, mocha and node:test all have them. */
export interface TestRunner {
  /** Groups cases under a name. */
  describe(name: string, body: () => void): unknown;
  /** Registers one async case. */
  it(name: string, body: () => Promise<void>): unknown;
  /** Runs once before a group's cases (mocha and node:test call it `before`). */
  beforeAll?(body: () => Promise<void>): unknown;
  /** Runs once after a group's cases (mocha and node:test call it `after`). */
  afterAll?(body: () => Promise<void>): unknown;
}

/** What a backend offers beyond the required members; a capability declared absent is checked too. */
export interface BackendTraits {
  /** Through this backend, concurrent `add`s of one key have exactly one winner and concurrent `inc`s all count. */
  atomic?: boolean;
  /** `deletePattern` works; when false it must be missing or reject with NotSupportedError. */
  deletePattern?: boolean;
  /** `unlink` is implemented; when false it must be missing. */
  unlink?: boolean;
  /** `peek` is implemented (the backend answers reads synchronously); when false it must be missing. */
  peek?: boolean;
  /** `setNow` and `touchNow` are implemented (the backend writes synchronously); when false they must be missing. */
  writesNow?: boolean;
  /**
   * `touch` sets the expiry exactly instead of never shortening it (memcached's TOUCH): the suite
   * then checks that a touched entry lives exactly the new ttl. Callers of such a backend may see
   * an entry expire early, never late.
   */
  touchSetsExpiry?: boolean;
  /** A negative `inc` rewrites the value without its expiry (memcached's CAS path); positive deltas keep it. */
  negativeIncDropsExpiry?: boolean;
}

/** A clock the suite moves instead of waiting, for in-process backends that read a fake `Date.now()`. */
export interface SuiteClock {
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void | Promise<void>;
  /** Puts the real clock back once the expiry cases are done. */
  restore(): void | Promise<void>;
}

/** Builds the backend under test for keys that all start with `prefix`; it may return one shared instance for every prefix. */
export type CreateBackend = (prefix: string) => Backend | Promise<Backend>;

/** Options of {@link describeBackendSuite}. */
export interface BackendSuiteOptions {
  /** Names the group of cases, e.g. `'MyBackend'`. */
  name: string;
  /** The runner's `describe`, `it` and (optionally) `beforeAll`/`afterAll`. */
  runner: TestRunner;
  /** Builds the backend for each of the suite's two prefixes (an in-process store should return one instance, so prefix isolation is really tested). */
  create: CreateBackend;
  /** Capabilities beyond the required members; all false by default. */
  traits?: BackendTraits;
  /** Moves time for the expiry cases instead of the one real wait of 1.5 s. */
  clock?: SuiteClock;
}

/**
 * Registers the `Backend` contract (reads, writes, add, removal, clear(prefix), inc, touch, expiry
 * around one real wait, the declared deletePattern, unlink, peek and synchronous writes, then close) as cases of any
 * runner, each needing a few seconds at most (mocha's default timeout of 2 s is too short).
 * @example
 * import { describe, it, beforeAll, afterAll } from 'vitest';
 * import { describeBackendSuite } from 'decocache/testing';
 *
 * describeBackendSuite({
 *   name: 'MyBackend',
 *   runner: { describe, it, beforeAll, afterAll },
 *   create: (prefix) => new MyBackend({ url: process.env.MY_URL, prefix }),
 *   traits: { atomic: true, deletePattern: true },
 * });
 */
export function describeBackendSuite(options: BackendSuiteOptions): void {
  const { runner } = options;
  runner.describe(`${options.name} honours the Backend contract`, () => {
    const t = new SuiteContext(options);
    runner.beforeAll?.(async () => {
      await Promise.all([t.backend(), t.other()]);
    });
    runner.afterAll?.(() => t.release());
    describeReadsAndWrites(t, runner);
    describeRemoval(t, runner);
    describeCounters(t, runner);
    describePeek(t, runner);
    describeWritesNow(t, runner);
    describeExpiry(t, runner);
    runner.it('close() resolves once the suite is done with the backend', async () => {
      await assert.doesNotReject(t.release());
    });
  });
}
