import { inject } from 'vitest';
import { Cache, type CacheConfig } from '../../src/index.js';
import { TwoTierBackend } from '../../src/fleet/two-tier.js';
import { sleep } from './servers/process.js';

/** A Cache over the shared test Redis with a local tier and bus, and the tier itself. */
export interface FleetCache {
  cache: Cache;
  tier: TwoTierBackend;
}

/** Builds a Cache on the test Redis (or `port`) with `local` set, and waits until its bus is subscribed. */
export async function fleetCache(keyPrefix: string, extra: Partial<CacheConfig> = {}, port?: number): Promise<FleetCache> {
  const redis = inject('redis');
  const cache = new Cache({
    type: 'RedisCache',
    redisHost: redis.host,
    redisPort: port ?? redis.port,
    keyPrefix,
    local: { maxEntries: 1000 },
    logger: { warn: () => {}, error: () => {} },
    ...extra,
  });
  const tier = await cache.backend();
  if (!(tier instanceof TwoTierBackend)) throw new Error('expected a TwoTierBackend');
  if (tier.bus) await waitFor('the bus to subscribe', () => tier.trusted);
  return { cache, tier };
}

/** Polls `condition` every 5 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Resolves when `tier` next hears a message from another tier (arm it before the write that sends one). */
export function nextMessage(tier: TwoTierBackend): Promise<void> {
  return new Promise((resolve) => {
    const bus = tier.bus!;
    const before = bus.onReceive;
    bus.onReceive = (message, lag) => {
      bus.onReceive = before;
      before?.(message, lag);
      resolve();
    };
  });
}
