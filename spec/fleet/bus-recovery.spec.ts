import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetCache, nextMessage, waitFor, type FleetCache } from '../helpers/fleet-cache.js';
import { HOST, cli, removeDir, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { startRedis } from '../helpers/servers/redis.js';

// A private redis-server, since these specs cut connections and restart it.
const dir = tempDir('decocache-bus-');
let server: Server;
let a: FleetCache;
let b: FleetCache;

beforeAll(async () => {
  server = await startRedis(dir);
  [a, b] = await Promise.all([fleetCache('rec_', {}, server.port), fleetCache('rec_', {}, server.port)]);
});
afterAll(async () => {
  await Promise.all([a?.cache.close(), b?.cache.close()]);
  await stop(server);
  removeDir(dir);
});

describe('the bus connection cut (CLIENT KILL TYPE pubsub)', () => {
  it('reads bypass the tier until the bus is back; the tier is emptied then and refills', async () => {
    await a.cache.set('cut', 'before');
    expect(await a.cache.get('cut')).toBe('before');
    expect(a.tier.local.size).toBeGreaterThan(0);
    await cli(server.port, 'client', 'kill', 'type', 'pubsub');
    await waitFor('the tier to stop trusting its copies', () => !a.tier.trusted);
    // b's message about this write may be lost: a must read Redis, not its copy.
    await b.cache.set('cut', 'during');
    const bypassed = a.tier.counters.bypassedReads;
    expect(await a.cache.get('cut')).toBe('during');
    expect(a.tier.counters.bypassedReads).toBe(bypassed + 1);
    await waitFor('the bus to come back', () => a.tier.trusted);
    expect(a.tier.local.size).toBe(0);
    expect(await a.cache.get('cut')).toBe('during');
    const hits = a.tier.counters.localHits;
    expect(await a.cache.get('cut')).toBe('during');
    expect(a.tier.counters.localHits).toBe(hits + 1);
  });
});

describe('Redis restarted', () => {
  it('a copy of a key Redis lost is never served: reads fail over to Redis, and the tier refills after', async () => {
    await a.cache.set('lost', 'kept only in memory');
    expect(await a.cache.get('lost')).toBe('kept only in memory');
    await stop(server);
    await waitFor('the tier to stop trusting its copies', () => !a.tier.trusted);
    await expect(a.cache.get('lost')).rejects.toThrow();
    server = await startRedis(dir, server.port);
    await waitFor('the bus to come back', () => a.tier.trusted && b.tier.trusted, 10_000);
    expect(await a.cache.get('lost')).toBeUndefined();
    // The write resolves before its bus message is out: b's copy is only kept once it has heard it.
    const heard = nextMessage(b.tier);
    await a.cache.set('lost', 'again');
    await heard;
    expect(await b.cache.get('lost')).toBe('again');
    const hits = b.tier.counters.localHits;
    expect(await b.cache.get('lost')).toBe('again');
    expect(b.tier.counters.localHits).toBe(hits + 1);
  });

  it('a message that could not be published while Redis was down goes out once it is back', async () => {
    await stop(server);
    await expect(a.cache.set('unsent', 1)).rejects.toThrow();
    server = await startRedis(dir, server.port);
    // A subscriber that reconnects after the retry went out would miss it (and empty its tier
    // instead), so the fresh server's own count of PUBLISH commands shows the retry arrived.
    const probe = new Redis({ host: HOST, port: server.port });
    probe.on('error', () => {});
    const published = async () => Number(/cmdstat_publish:calls=(\d+)/.exec(await probe.info('commandstats'))?.[1] ?? 0);
    await waitFor('the retried message', async () => (await published()) >= 1, 10_000);
    probe.disconnect();
  });
});
