import KeyvRedis from '@keyv/redis';
import { createRequire } from 'node:module';
import type { CacheClient } from '@type-cacheable/core';
import { BentoCache, bentostore } from 'bentocache';
import { memoryDriver } from 'bentocache/drivers/memory';
import { redisBusDriver, redisDriver } from 'bentocache/drivers/redis';
import { createCache } from 'cache-manager';
import type { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import pMemoize from 'p-memoize';
import { TTL_S } from './subjects.js';

// @type-cacheable's package.json names a "module" entry (./index.ts) it does not ship, which Vite
// prefers and fails on; Node's own require loads the CommonJS build that package.json's "main" names.
const require = createRequire(import.meta.url);
const { Cacheable } = require('@type-cacheable/core') as typeof import('@type-cacheable/core');
const { IoRedisAdapter } = require('@type-cacheable/ioredis-adapter') as typeof import('@type-cacheable/ioredis-adapter');

/** An async function of the scenario, and the same function behind a peer's cache. */
export type Work = (...args: unknown[]) => Promise<unknown>;

/** A peer library set up on one backend; `wrap` puts its cache in front of `fn`. */
export interface Peer {
  name: string;
  /** `key` turns the arguments into the peer's key where the peer needs one from the caller. */
  wrap(fn: Work, key: (args: unknown[]) => string): Work;
  /** Drops everything the peer stored (miss rows empty their store before each block). */
  clear(): Promise<unknown>;
  close(): Promise<void>;
}

let methodSeq = 0;

/**
 * @type-cacheable/core only ships legacy (experimentalDecorators) decorators, and this project
 * compiles Stage-3 ones, so the decorator is applied by hand the way TypeScript's legacy emit does:
 * call it with (prototype, name, descriptor) and define the returned descriptor. Each wrap gets its
 * own method name because TC's default key is md5(args + method name), without the class.
 */
function typeCacheable(client: CacheClient): (fn: Work) => Work {
  return (fn) => {
    const name = `call${++methodSeq}`;
    const proto: Record<string, unknown> = { [name]: (...args: unknown[]) => fn(...args) };
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
    const decorate = Cacheable({ client, ttlSeconds: TTL_S }) as unknown as (t: object, k: string, d: PropertyDescriptor) => PropertyDescriptor | void;
    Object.defineProperty(proto, name, decorate(proto, name, descriptor) ?? descriptor);
    const method = proto[name] as (...args: unknown[]) => Promise<unknown>;
    return (...args) => method.apply(proto, args);
  };
}

/**
 * @type-cacheable/core has no in-memory adapter in the core package (node-cache and lru-cache
 * adapters are separate packages, not installed), so this is the smallest CacheClient over a Map:
 * values stored as they are, TTL ignored, like p-memoize's Map.
 */
class MapCacheClient implements CacheClient {
  readonly #map = new Map<string, unknown>();
  async get(key: string): Promise<unknown> {
    return this.#map.get(key);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.#map.set(key, value);
  }
  async del(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.#map.delete(k);
  }
  clear(): void {
    this.#map.clear();
  }
  async keys(): Promise<string[]> {
    return [...this.#map.keys()];
  }
  async delHash(): Promise<void> {}
  getClientTTL(): number {
    return TTL_S;
  }
}

/** The in-memory peers, each keyed on every argument (p-memoize keys by the first one unless told). */
export function memoryPeers(): Peer[] {
  const cm = createCache({ stores: [new Keyv()] });
  const bento = new BentoCache({ default: 'm', stores: { m: bentostore().useL1Layer(memoryDriver({ maxItems: 1_000_000 })) } });
  const tcClient = new MapCacheClient();
  const tc = typeCacheable(tcClient);
  const maps: Map<unknown, unknown>[] = [];
  return [
    {
      name: 'p-memoize (Map)',
      wrap: (fn, key) => {
        const cache = new Map();
        maps.push(cache);
        return pMemoize(fn, { cacheKey: key, cache });
      },
      clear: async () => maps.forEach((m) => m.clear()),
      close: async () => {},
    },
    {
      name: 'cache-manager wrap',
      wrap: (fn, key) => (...args) => cm.wrap(key(args), () => fn(...args), TTL_S * 1000),
      clear: () => cm.clear(),
      close: async () => void (await cm.disconnect()),
    },
    { name: '@type-cacheable (Map)', wrap: (fn) => tc(fn), clear: async () => tcClient.clear(), close: async () => {} },
    {
      name: 'bentocache getOrSet',
      wrap: (fn, key) => (...args) => bento.getOrSet({ key: key(args), factory: () => fn(...args), ttl: `${TTL_S}s` }),
      clear: () => bento.clear(),
      close: () => bento.disconnectAll(),
    },
  ];
}

/** The Redis peers on the private server: TC's ioredis adapter, bentocache L2-only, cache-manager over @keyv/redis. */
export function redisPeers(newRedis: () => Redis, port: number): Peer[] {
  const keyvRedis = new KeyvRedis(`redis://127.0.0.1:${port}`);
  const cm = createCache({ stores: [new Keyv({ store: keyvRedis, namespace: 'cm' })] });
  const bento = new BentoCache({ default: 'r', stores: { r: bentostore().useL2Layer(redisDriver({ connection: newRedis() })) } });
  const tc = typeCacheable(new IoRedisAdapter(newRedis()));
  return [
    { name: '@type-cacheable (ioredis)', wrap: (fn) => tc(fn), clear: async () => {}, close: async () => {} },
    {
      name: 'bentocache getOrSet (L2 redis)',
      wrap: (fn, key) => (...args) => bento.getOrSet({ key: key(args), factory: () => fn(...args), ttl: `${TTL_S}s` }),
      clear: async () => {},
      close: () => bento.disconnectAll(),
    },
    {
      name: 'cache-manager wrap (@keyv/redis)',
      wrap: (fn, key) => (...args) => cm.wrap(key(args), () => fn(...args), TTL_S * 1000),
      clear: async () => {},
      close: async () => void (await cm.disconnect()),
    },
  ];
}

/**
 * bentocache as a fleet runs it: a memory L1 in front of a Redis L2 on the same server, with its
 * Redis bus so other instances' L1s hear of writes. A hit is answered from L1; the bus and L2 are
 * only on the write and miss paths, but they are set up as a user would, so nothing is left out.
 */
export function twoTierBento(newRedis: () => Redis, port: number): Peer {
  const store = bentostore()
    .useL1Layer(memoryDriver({ maxItems: 1_000_000 }))
    .useL2Layer(redisDriver({ connection: newRedis() }))
    .useBus(redisBusDriver({ connection: { host: '127.0.0.1', port } }));
  const bento = new BentoCache({ default: 't', stores: { t: store } });
  return {
    name: 'bentocache getOrSet (L1 memory + L2 redis + bus)',
    wrap: (fn, key) => (...args) => bento.getOrSet({ key: key(args), factory: () => fn(...args), ttl: `${TTL_S}s` }),
    clear: async () => {},
    close: () => bento.disconnectAll(),
  };
}

/** p-memoize's documented way to key on all arguments. */
export const jsonKey = (args: unknown[]): string => JSON.stringify(args);
