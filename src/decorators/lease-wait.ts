import { setTimeout as sleep } from 'node:timers/promises';
import type { DecoratorHost } from './host.js';
import type { LockOptions } from './options.js';

const FIRST_POLL_MS = 10;
const LONGEST_POLL_MS = 200;

/** What a caller under `lock` got: the value it computed, or the one the lease holder stored. */
export type LeaseOutcome = { computed: true; value: unknown } | { computed: false; value: unknown };

/** What a waiter looks for: the entry the lease holder is computing, once it is stored and fresh. */
export type Lookup = () => Promise<{ found: boolean; value: unknown }>;

/**
 * Single-flight across the fleet (`lock`): takes the lease on `key` (an `add` of `key:lock` under
 * the cache's prefix, expiring after `ttlMs`) and runs `compute` (which stores the value) while
 * holding it; a caller that finds the lease taken polls for the holder's value for up to
 * `waitMs`, taking the lease over if it is released or expires first, and computes itself after
 * that, so a crashed holder delays the others by at most the shorter of the two and a result is
 * never lost. A lease the backend cannot take (it fails) does not stop the computation.
 */
export async function underLease(host: DecoratorHost, key: string, lock: true | LockOptions, compute: () => Promise<unknown>, lookup: Lookup): Promise<LeaseOutcome> {
  const { waitMs = 5000, ttlMs = 10_000 } = lock === true ? {} : lock;
  const take = () => host.acquireLease(key, ttlMs).catch(() => NOT_TAKEN);
  let token = await take();
  if (token === undefined) {
    const until = Date.now() + waitMs;
    for (let delay = FIRST_POLL_MS; token === undefined && Date.now() < until; delay = Math.min(delay * 2, LONGEST_POLL_MS)) {
      await sleep(Math.min(delay, Math.max(1, until - Date.now())));
      const seen = await lookup().catch(() => ({ found: false, value: undefined }));
      if (seen.found) return { computed: false, value: seen.value };
      token = await take();
    }
  }
  try {
    return { computed: true, value: await compute() };
  } finally {
    if (typeof token === 'string' && token !== NOT_TAKEN) host.releaseLease(key, token).catch(() => {});
  }
}

/** A lease that could not be taken because the backend failed: compute anyway (fail-open). */
const NOT_TAKEN = 'decocache.lease-not-taken';
