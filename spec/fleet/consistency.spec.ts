import { writeFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { describeReport, runFleet } from '../helpers/fleet-run.js';

// The longest spec: 4 processes, each with its own Cache, local tier and bus over one
// redis-server, run random memoized reads, invalidations, sets and gets for 30 s
// (DECOCACHE_FLEET_SECONDS to change it); the checker then reads every operation.
const seconds = Number(process.env['DECOCACHE_FLEET_SECONDS'] ?? 30);
const BOUND_MS = 1000;

describe('a fleet of 4 processes with local tiers and a bus', () => {
  it(`never serves a value more than ${BOUND_MS} ms after an invalidation of it completed (${seconds} s of random operations)`, async () => {
    const report = await runFleet({ workers: 4, durationMs: seconds * 1000, keys: 32, concurrency: 4, replyDelayMs: 5, truthPort: inject('redis').port, boundMs: BOUND_MS });
    console.log(`[fleet consistency, ${seconds} s]\n${describeReport(report)}`);
    if (process.env['DECOCACHE_FLEET_REPORT']) writeFileSync(process.env['DECOCACHE_FLEET_REPORT'], JSON.stringify(report));
    expect(report.check.violations.slice(0, 5)).toEqual([]);
    expect(report.check.counts.read).toBeGreaterThan(seconds * 50);
    expect(report.check.counts.invalidate).toBeGreaterThan(seconds * 10);
    expect(report.propagation.count).toBeGreaterThan(seconds * 10);
    const hits = report.samples.map((s) => s.at(-1)!.localHits);
    expect(Math.min(...hits)).toBeGreaterThan(0);
  }, (seconds + 120) * 1000);
});
