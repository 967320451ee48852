import type { Cluster, Redis } from 'ioredis';
import { escapeGlob } from '../backends/glob.js';
import { isCluster } from '../backends/redis/cluster.js';
import { connectStandalone } from '../backends/redis/connect.js';
import type { CacheConfig } from '../types.js';
import type { BusTransport } from './bus.js';
import type { ExpiringRead } from './two-tier.js';

/** The channel a cache with `prefix` publishes on. */
export function busChannel(prefix: string): string {
  return `${prefix}bus`;
}

/**
 * What a cache with `prefix` listens to: the channel of every cache whose prefix starts its own
 * (their clear or pattern can remove its keys), and, by one pattern, the channel of every cache
 * whose prefix starts with its own, itself included (their keys are keys it can hold). A cache
 * hears exactly the caches whose keys can overlap its own, and no message twice.
 */
export function busSubscriptions(prefix: string): { channels: string[]; pattern: string } {
  const channels: string[] = [];
  for (let i = 0; i < prefix.length; i++) channels.push(busChannel(prefix.slice(0, i)));
  return { channels, pattern: `${escapeGlob(prefix)}*bus` };
}

/**
 * The bus over Redis pub/sub: publishes on `publisher` (the cache's own client, or one built for
 * `bus: { redisUrl }`), and subscribes on a duplicate of it that resubscribes itself on every
 * reconnect, reporting the subscription up only once Redis confirmed it, and down at once when
 * the connection closes (a restart, a network cut, `CLIENT KILL TYPE pubsub`).
 */
export function redisBusTransport(publisher: Redis | Cluster, prefix: string, ownsPublisher: boolean): BusTransport {
  const { channels, pattern } = busSubscriptions(prefix);
  const channel = busChannel(prefix);
  const subscriber = duplicateForSubscribing(publisher, busConnectionName(prefix, 'subscriber'));
  let closed = false;
  return {
    publish: (payload) => publisher.publish(channel, payload),
    listen(received, state) {
      subscriber.on('message', (_channel: string, payload: string) => received(payload));
      subscriber.on('pmessage', (_pattern: string, _channel: string, payload: string) => received(payload));
      subscriber.on('close', () => state(false));
      subscriber.on('ready', () => {
        const subscribed = Promise.all([channels.length > 0 ? subscriber.subscribe(...channels) : undefined, subscriber.psubscribe(pattern)]);
        subscribed.then(
          () => {
            if (!closed && subscriber.status === 'ready') state(true);
          },
          // A subscription that failed is retried through a fresh connection.
          () => {
            if (!closed) subscriber.disconnect(true);
          },
        );
      });
    },
    async close() {
      closed = true;
      subscriber.disconnect();
      if (ownsPublisher) await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}

/** The CLIENT SETNAME of a bus connection (`decocache-bus-subscriber:app_`), so CLIENT LIST tells what it is. */
export function busConnectionName(prefix: string, role: 'subscriber' | 'publisher'): string {
  return `decocache-bus-${role}:${prefix.replace(/[^\w:.-]/g, '_')}`;
}

function duplicateForSubscribing(client: Redis | Cluster, connectionName: string): Redis | Cluster {
  // Resubscribing is ours to do, so "up" is reported only once Redis has confirmed it.
  const overrides = { autoResubscribe: false, enableAutoPipelining: false, connectionName };
  const subscriber = isCluster(client) ? client.duplicate(undefined, { redisOptions: { ...client.options.redisOptions, ...overrides } }) : client.duplicate(overrides);
  subscriber.on('error', () => {});
  return subscriber;
}

/**
 * Reads values and their remaining life in one round trip (MGET and one PTTL per key, sent
 * together), so a local copy never outlives the shared entry. Expiries are counted from when
 * the read was sent, which is no later than when Redis evaluated them.
 */
export function redisExpiringRead(client: Redis | Cluster): ExpiringRead {
  return async (keys) => {
    const sent = Date.now();
    const values = isCluster(client) ? Promise.all(keys.map((k) => client.get(k))) : client.mget(...keys);
    const [read, ...ttls] = await Promise.all([values, ...keys.map((k) => client.pttl(k))]);
    return {
      values: read.map((v) => v ?? undefined),
      expires: ttls.map((ttl) => (ttl === -1 ? 0 : ttl < 0 ? -1 : sent + ttl)),
    };
  };
}

/** The bus for a config: on the backend's own client, or on a client built for `bus: { redisUrl }` (closed with the bus). */
export function busTransport(target: unknown, prefix: string, config: CacheConfig): BusTransport {
  if (typeof target === 'object' && target !== null && 'redisUrl' in target) {
    const client = connectStandalone({
      url: (target as { redisUrl: string }).redisUrl,
      commandTimeout: config.operationTimeout ?? 1000,
      options: { connectionName: busConnectionName(prefix, 'publisher') },
    });
    return redisBusTransport(client, prefix, true);
  }
  return redisBusTransport(target as Redis | Cluster, prefix, false);
}

/** {@link redisExpiringRead} over a backend's client found by shape. */
export function expiringRead(client: unknown): ExpiringRead {
  return redisExpiringRead(client as Redis | Cluster);
}
