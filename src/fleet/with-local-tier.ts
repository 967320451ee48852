import type { Backend } from '../backends/backend.js';
import type { CacheConfig, LocalTierOptions } from '../types.js';
import { InvalidationBus } from './bus.js';
import { LocalTier, type LocalTierBounds } from './local-tier.js';
import { TwoTierBackend } from './two-tier.js';

/** Entries a local tier keeps when the config bounds neither count nor bytes. */
export const DEFAULT_MAX_ENTRIES = 10_000;
/** Seconds a local value lives at most when `local.ttl` is not set (the last bound, also with a bus). */
export const DEFAULT_LOCAL_TTL = 60;

/** The ioredis client of a Redis backend, found by shape so the core never imports ioredis. */
interface RedisLike {
  publish(channel: string, message: string): Promise<number>;
  duplicate(...args: never[]): unknown;
  isCluster: boolean;
}

function redisClientOf(backend: Backend): RedisLike | undefined {
  const client = (backend as { client?: unknown }).client;
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client as Partial<RedisLike>;
  return typeof c.publish === 'function' && typeof c.duplicate === 'function' && typeof c.isCluster === 'boolean' ? (client as RedisLike) : undefined;
}

/** The bounds a `local` config means. */
export function localTierBounds(local: LocalTierOptions): LocalTierBounds {
  return {
    maxEntries: local.maxEntries ?? (local.maxBytes === undefined ? DEFAULT_MAX_ENTRIES : Infinity),
    maxBytes: local.maxBytes ?? Infinity,
    ttlMs: (local.ttl ?? DEFAULT_LOCAL_TTL) * 1000,
  };
}

/** What the fleet rules need to know of a backend: its name, whether it is shared, whether it is Redis. */
export interface FleetTarget {
  /** Backend name, for messages. */
  name: string;
  /** Whether other processes see its entries. */
  shared: boolean;
  /** Whether it talks to Redis (then the bus can use its client). */
  redis: boolean;
}

/**
 * Which bus a config with `local` asks for over a backend (`'own'`: its Redis), or a TypeError
 * that names the field to set. The Cache checks it before connecting when `type` names the
 * backend, and again once a backend passed in or built by a factory is known.
 */
export function resolveBus(target: FleetTarget, config: CacheConfig): 'own' | { redisUrl: string } | undefined {
  const local = config.local!;
  if (!target.shared) {
    throw new TypeError(`Cache config: local needs a shared backend; ${target.name} keeps its entries in this process already, so drop local`);
  }
  const bus = config.bus ?? target.redis;
  if (bus === true && !target.redis) {
    throw new TypeError(`Cache config: bus: true needs a Redis backend; with ${target.name}, pass bus: { redisUrl: 'redis://...' } or bus: false with local.ttl`);
  }
  if (bus === false) {
    if (local.ttl === undefined) {
      throw new TypeError(`Cache config: local.ttl is required without a bus (over ${target.name}): it bounds how long a value changed by another process may be served here; set local.ttl in seconds, or a bus`);
    }
    return undefined;
  }
  return bus === true ? 'own' : bus;
}

function targetOf(backend: Backend): FleetTarget {
  return { name: backend.name, shared: backend.shared, redis: redisClientOf(backend) !== undefined };
}

/** Checks what can be checked before the backend is ready (an instance passed in), so misuse throws from the constructor. */
function checkNow(built: Backend | Promise<Backend>, config: CacheConfig): void {
  if (!(built instanceof Promise)) resolveBus(targetOf(built), config);
}

/**
 * Puts the local tier (and its bus) in front of the backend a config built, once it is ready:
 * the bus connects to the backend's own Redis or to `bus.redisUrl` (ioredis is loaded only then).
 */
export function withLocalTier(built: Backend | Promise<Backend>, config: CacheConfig, ownsShared: boolean): Promise<Backend> {
  checkNow(built, config);
  return Promise.resolve(built).then(async (shared) => {
    const bus = resolveBus(targetOf(shared), config);
    const local = new LocalTier(localTierBounds(config.local!));
    const prefix = config.keyPrefix ?? shared.defaultKeyPrefix ?? '';
    const redis = redisClientOf(shared);
    if (bus === undefined && redis === undefined) return new TwoTierBackend({ shared, ownsShared, local });
    const fleet = await import('./redis-transport.js');
    return new TwoTierBackend({
      shared,
      ownsShared,
      local,
      bus: bus === undefined ? undefined : new InvalidationBus(fleet.busTransport(bus === 'own' ? redis : bus, prefix, config), prefix),
      readWithExpiry: redis === undefined ? undefined : fleet.expiringRead(redis),
    });
  });
}
