import type { BackendName, CacheConfig } from '../types.js';
import { withLocalTier } from '../fleet/with-local-tier.js';
import type { Backend } from './backend.js';
import { NullBackend } from './null.js';
import { loadPeer } from './peers.js';
import { SimpleBackend } from './simple.js';

type Factory = (config: CacheConfig) => Backend | Promise<Backend>;

// Backends with a peer dependency load on first use, so importing the core never pulls in ioredis,
// memjs or keyv; loadPeer names the package to install when it is missing.
const factories: Record<BackendName, Factory> = {
  NullCache: () => new NullBackend(),
  SimpleCache: (c) => new SimpleBackend({ threshold: c.threshold ?? 500 }),
  FileSystemCache: async (c) => (await import('./filesystem.js')).createFileSystemBackend(c),
  RedisCache: async (c) => (await redis('RedisCache')).createRedisBackend('RedisCache', c),
  RedisSentinelCache: async (c) => (await redis('RedisSentinelCache')).createRedisBackend('RedisSentinelCache', c),
  RedisClusterCache: async (c) => (await redis('RedisClusterCache')).createRedisBackend('RedisClusterCache', c),
  MemcachedCache: async (c) => (await memcached('MemcachedCache')).createMemcachedBackend('MemcachedCache', c),
  SASLMemcachedCache: async (c) => (await memcached('SASLMemcachedCache')).createMemcachedBackend('SASLMemcachedCache', c),
  SpreadSASLMemcachedCache: async (c) => (await memcached('SpreadSASLMemcachedCache')).createMemcachedBackend('SpreadSASLMemcachedCache', c),
  KeyvCache: async (c) => {
    await loadPeer('keyv', 'KeyvCache');
    return (await import('./keyv-cache.js')).createKeyvBackend(c);
  },
};

async function redis(backend: BackendName) {
  await loadPeer('ioredis', backend);
  return import('./redis/create.js');
}

async function memcached(backend: BackendName) {
  await loadPeer('memjs', backend);
  return import('./memcached/create.js');
}

/**
 * Builds the backend a config names, behind a local tier when `local` is set; `owned` tells
 * whether the Cache must close it (a tier is always closed: it closes its bus, and the backend
 * under it only if the Cache built that).
 */
export function createBackend(config: CacheConfig): { backend: Backend | Promise<Backend>; owned: boolean } {
  const built = buildBackend(config);
  if (config.local === undefined) return built;
  return { backend: withLocalTier(built.backend, config, built.owned), owned: true };
}

function buildBackend(config: CacheConfig): { backend: Backend | Promise<Backend>; owned: boolean } {
  const type = config.type ?? inferFromClient(config.client) ?? 'SimpleCache';
  if (typeof type === 'string') return { backend: factories[type](config), owned: true };
  if (typeof type === 'function') {
    if (/^class[\s{]/.test(Function.prototype.toString.call(type))) {
      throw new TypeError(`Cache config: type got the class ${type.name}; pass an instance (type: new ${type.name}({...})), a backend name, or a factory function`);
    }
    return { backend: type(config), owned: true };
  }
  return { backend: type, owned: false };
}

/** The backend a bare `client` implies: an ioredis Redis or Cluster, a memjs Client, or a Keyv. */
export function inferFromClient(client: unknown): BackendName | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const probe = client as { sendCommand?: unknown; nodes?: unknown; status?: unknown };
  if (typeof probe.sendCommand === 'function' && typeof probe.status === 'string') {
    return typeof probe.nodes === 'function' ? 'RedisClusterCache' : 'RedisCache';
  }
  if ('servers' in client && typeof (client as { perform?: unknown }).perform === 'function') return 'MemcachedCache';
  if ('opts' in client && typeof (client as { get?: unknown }).get === 'function' && 'store' in client) return 'KeyvCache';
  return undefined;
}
