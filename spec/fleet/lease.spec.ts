import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileSystemCache } from '../../src/index.js';
import { RedisCache } from '../../src/backends/redis/index.js';
import { acquireLease, leaseKey, releaseLease } from '../../src/fleet/lease.js';
import { TwoTierBackend } from '../../src/fleet/two-tier.js';
import { LocalTier } from '../../src/fleet/local-tier.js';
import { removeDir, sleep, tempDir } from '../helpers/servers/process.js';
import { startWorker } from '../helpers/worker.js';

const { host, port } = inject('redis');
const P = `lease_${process.pid}_`;
let backend: RedisCache;
let raw: Redis;

beforeAll(() => {
  backend = new RedisCache({ host, port });
  raw = new Redis({ host, port });
});
afterAll(async () => {
  await backend.clear(P);
  await backend.close();
  raw.disconnect();
});

describe('acquireLease / releaseLease on Redis', () => {
  it('of 50 concurrent callers exactly one gets the lease, stored at key + ":lock"', async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, () => acquireLease(backend, `${P}one`, 5000)));
    const won = tokens.filter((t) => t !== undefined);
    expect(won).toHaveLength(1);
    expect(await raw.get(`${P}one:lock`)).toBe(won[0]);
    expect(leaseKey(`${P}one`)).toBe(`${P}one:lock`);
  });

  it('expires to the millisecond (SET NX PX)', async () => {
    expect(await acquireLease(backend, `${P}ms`, 150)).toBeDefined();
    const pttl = await raw.pttl(`${P}ms:lock`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(150);
    await sleep(200);
    expect(await acquireLease(backend, `${P}ms`, 150)).toBeDefined();
  });

  it('release deletes only a lease that is still ours', async () => {
    const mine = (await acquireLease(backend, `${P}rel`, 100))!;
    await sleep(150);
    const theirs = (await acquireLease(backend, `${P}rel`, 5000))!;
    expect(await releaseLease(backend, `${P}rel`, mine)).toBe(false);
    expect(await raw.get(`${P}rel:lock`)).toBe(theirs);
    expect(await releaseLease(backend, `${P}rel`, theirs)).toBe(true);
    expect(await raw.exists(`${P}rel:lock`)).toBe(0);
  });

  it('a holder killed with SIGKILL blocks the others only until its lease expires', async () => {
    const worker = await startWorker({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: P });
    const ttlMs = 400;
    expect(await worker.send({ op: 'lease', key: `${P}crash`, ttlMs })).toEqual(expect.any(String));
    const killedAt = Date.now();
    process.kill(worker.pid, 'SIGKILL');
    let token: string | undefined;
    while (!(token = await acquireLease(backend, `${P}crash`, 5000))) await sleep(10);
    const waited = Date.now() - killedAt;
    expect(waited).toBeLessThanOrEqual(ttlMs + 250);
    await releaseLease(backend, `${P}crash`, token);
  });

  it('rejects a ttl that is not a positive number of milliseconds', async () => {
    await expect(acquireLease(backend, `${P}bad`, 0)).rejects.toThrow(TypeError);
    await expect(acquireLease(backend, `${P}bad`, Number.NaN)).rejects.toThrow(/ttlMs must be a number of milliseconds > 0/);
  });
});

describe('leases elsewhere', () => {
  it('a backend without addMs gets an add rounded up to whole seconds, and a get-compare-delete release', async () => {
    const dir = tempDir('decocache-lease-');
    const fs = new FileSystemCache({ dir });
    const token = (await acquireLease(fs, 'k', 1200))!;
    expect(await acquireLease(fs, 'k', 1200)).toBeUndefined();
    expect(await releaseLease(fs, 'k', 'not-mine')).toBe(false);
    expect(await releaseLease(fs, 'k', token)).toBe(true);
    expect(await acquireLease(fs, 'k', 1200)).toBeDefined();
    removeDir(dir);
  });

  it('through a local tier the lease goes to the shared backend and never into the tier', async () => {
    const tier = new TwoTierBackend({ shared: backend, ownsShared: false, local: new LocalTier({ maxEntries: 10, maxBytes: Infinity, ttlMs: 60_000 }) });
    const token = (await acquireLease(tier, `${P}tier`, 5000))!;
    expect(await raw.pttl(`${P}tier:lock`)).toBeLessThanOrEqual(5000);
    expect(tier.local.size).toBe(0);
    expect(await acquireLease(backend, `${P}tier`, 5000)).toBeUndefined();
    expect(await releaseLease(tier, `${P}tier`, token)).toBe(true);
  });
});
