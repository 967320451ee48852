import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../src/index.js';
import { fleetCache, waitFor, type FleetCache } from '../helpers/fleet-cache.js';
import { removeDir, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { startRedis } from '../helpers/servers/redis.js';

// A private redis-server: the last case kills it.
const dir = tempDir('decocache-tier-decorators-');
let server: Server;
let a: FleetCache;
let b: FleetCache;

beforeAll(async () => {
  server = await startRedis(dir);
  [a, b] = await Promise.all([
    fleetCache('tierdec_', { operationTimeout: 300 }, server.port),
    fleetCache('tierdec_', { operationTimeout: 300 }, server.port),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.cache.close(), b?.cache.close()]);
  await stop(server);
  removeDir(dir);
});

function catalog(fleet: FleetCache, name: string) {
  const runs = { n: 0 };
  const product = fleet.cache.memoize({ timeout: 60, grace: 600 })(
    { async [name](id: number) { return { id, run: ++runs.n }; } }[name]!,
  );
  return { product, runs };
}

describe('memoized calls on a local tier', () => {
  it('a repeated call is a local hit: no network call, hit event tier local, counted in localHits', async () => {
    const { product } = catalog(a, 'tierProduct');
    const tiers: (string | undefined)[] = [];
    a.cache.events.on('hit', (e: CacheEvent) => tiers.push(e.tier));
    await product(1);
    const sharedReads = a.tier.counters.sharedReads;
    expect(await product(1)).toEqual({ id: 1, run: 1 });
    expect(await product(1)).toEqual({ id: 1, run: 1 });
    expect(a.tier.counters.sharedReads).toBe(sharedReads);
    expect(tiers).toEqual(['local', 'local']);
    expect(a.cache.stats().localHits).toBe(2);
  });

  it('deleteMemoized in one process: the other process recomputes once the bus message arrives', async () => {
    const inA = catalog(a, 'tierShared');
    const inB = catalog(b, 'tierShared');
    // a computes; b's calls hit a's entry (through Redis, then its own local tier).
    expect(await inA.product(7)).toEqual({ id: 7, run: 1 });
    expect(await inB.product(7)).toEqual({ id: 7, run: 1 });
    expect(await inB.product(7)).toEqual({ id: 7, run: 1 });
    expect([inA.runs.n, inB.runs.n]).toEqual([1, 0]);
    const versionKey = 'tierdec_tierShared_memver';
    const before = b.tier.local.peek(versionKey, Date.now())?.value;
    expect(before).toBeDefined();
    await a.cache.deleteMemoized(inA.product);
    // The bump names the version key on the bus: b drops its copy, and its next call reads the new version.
    await waitFor('the bump to reach b', () => b.tier.local.peek(versionKey, Date.now())?.value !== before, 2000);
    await inB.product(7);
    expect([inA.runs.n, inB.runs.n]).toEqual([1, 1]);
  });

  it('with grace, Redis killed: the local copy is served stale within operationTimeout, without calling the function', async () => {
    const { product, runs } = catalog(a, 'tierGrace');
    const stale: string[] = [];
    a.cache.events.on('stale', (e: CacheEvent) => stale.push(e.key));
    await product(3);
    await stop(server, 'SIGKILL');
    await waitFor('the tier to stop trusting its copies', () => !a.tier.trusted);
    const started = performance.now();
    expect(await product(3)).toEqual({ id: 3, run: 1 });
    expect(performance.now() - started).toBeLessThan(300 + 100);
    expect(runs.n).toBe(1);
    expect(stale).toHaveLength(1);
  });
});
