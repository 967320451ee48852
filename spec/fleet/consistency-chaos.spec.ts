import { describe, expect, inject, it } from 'vitest';
import type { TierSample } from '../helpers/fleet-worker-process.js';
import { describeReport, runFleet } from '../helpers/fleet-run.js';

// The fleet run with its Redis hurt mid-run: the bus connections cut (CLIENT KILL TYPE pubsub),
// then Redis itself restarted (empty). No stale read may survive either; while the bus is down
// reads go to Redis; once it is back the tiers fill again.
const BOUND_MS = 1000;

/** The sample of one worker nearest after `t`. */
const after = (samples: TierSample[], t: number) => samples.find((s) => s.t >= t) ?? samples.at(-1)!;

describe('a fleet of 4 processes when the bus connection is cut and Redis restarts', () => {
  it('serves no stale value, reads Redis while the bus is down, and fills the tiers again after', async () => {
    const report = await runFleet({
      workers: 4, durationMs: 15_000, keys: 32, concurrency: 4, replyDelayMs: 5, truthPort: inject('redis').port, boundMs: BOUND_MS,
      chaos: [{ atMs: 4000, action: 'kill-pubsub' }, { atMs: 9000, action: 'restart-redis' }],
    });
    console.log(`[fleet consistency with chaos]\n${describeReport(report)}`);
    expect(report.check.violations.slice(0, 5)).toEqual([]);
    const [cut, restart] = report.chaosAt.map((c) => c.t);
    for (const samples of report.samples) {
      const beforeCut = after(samples, cut! - 200);
      expect(after(samples, cut! + 2000).bypassedReads).toBeGreaterThan(beforeCut.bypassedReads);
      expect(after(samples, restart! + 2000).bypassedReads).toBeGreaterThan(after(samples, restart! - 200).bypassedReads);
      const refilled = samples.at(-1)!;
      const back = after(samples, restart! + 3000);
      expect(refilled.trusted).toBe(true);
      expect(refilled.localHits).toBeGreaterThan(back.localHits);
    }
  }, 180_000);
});
