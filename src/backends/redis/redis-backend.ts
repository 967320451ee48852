import type { Cluster, Redis } from 'ioredis';
import type { Backend, BackendStats } from '../backend.js';
import { escapeGlob } from '../glob.js';
import { isCluster, masters, perKey, scanKeys, unlinkMatching } from './cluster.js';
import { keepConnected } from './keep-connected.js';
import { addMs, deleteIfEquals } from './lease-commands.js';
import { serverCounters } from './server-info.js';
import { ReadBatcher } from './read-batch.js';
import { fromReply, safeIncrBy } from './replies.js';

/** How long clear and deletePattern wait for a cluster client to learn its slot map, in ms. */
const CLUSTER_READY_MS = 5000;

/**
 * The Backend over one ioredis client, shared by RedisCache, RedisSentinelCache and
 * RedisClusterCache. Multi-key commands are single round trips on standalone and sentinel
 * clients; on a Cluster they become parallel single-key commands so they never cross slots.
 */
export abstract class RedisBackend implements Backend {
  abstract readonly name: string;
  /** Other processes see the same entries. */
  readonly shared = true;
  /** Keys are prefixed unless the config says otherwise, since the server is shared. */
  readonly defaultKeyPrefix = 'decocache_';
  /** `clear('')` would flush the whole database, including other programs' keys. */
  readonly serverWide = true;
  /** The ioredis client in use, passed in or built by the constructor. */
  readonly client: Redis | Cluster;

  readonly #owned: boolean;
  readonly #reads: ReadBatcher;
  readonly #stopReviving: (() => void) | undefined;

  protected constructor(client: Redis | Cluster, owned: boolean) {
    this.client = client;
    this.#owned = owned;
    this.#stopReviving = owned ? keepConnected(client) : undefined;
    this.#reads = new ReadBatcher((keys) => client.mget(...keys).catch((error: unknown) => {
      throw fromReply('getMany', error);
    }));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#ask('get', () => this.client.get(key))) ?? undefined;
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    // Not async: the batched read's promise is handed back as it is, one promise fewer per hit.
    if (!isCluster(this.client)) return keys.length === 0 ? Promise.resolve([]) : this.#reads.read(keys);
    return this.#ask('getMany', () => Promise.all(keys.map((k) => this.client.get(k)))).then((values) => values.map((v) => v ?? undefined));
  }

  async set(key: string, value: string, ttl: number): Promise<boolean> {
    const reply = await this.#ask('set', () => (ttl > 0 ? this.client.set(key, value, 'EX', ttl) : this.client.set(key, value)));
    return reply === 'OK';
  }

  setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    return this.#ask('setMany', () => this.#setMany(entries, ttl));
  }

  async #setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    if (entries.length === 0) return [];
    const one = (k: string, v: string): (string | number)[] => (ttl > 0 ? ['set', k, v, 'EX', ttl] : ['set', k, v]);
    if (isCluster(this.client)) {
      const client = this.client;
      const values = new Map(entries);
      const stored = await perKey([...values.keys()], (k) =>
        ttl > 0 ? client.set(k, values.get(k)!, 'EX', ttl) : client.set(k, values.get(k)!));
      return stored.filter((s) => s.value === 'OK').map((s) => s.key);
    }
    // A plain pipeline, not MULTI: one round trip, and one failed entry does not undo the others.
    const replies = (await this.client.pipeline(entries.map(([k, v]) => one(k, v))).exec()) ?? [];
    const stored = entries.filter((_, i) => replies[i] !== undefined && replies[i]![0] === null).map(([k]) => k);
    if (stored.length === 0) throw replies.find(([err]) => err)?.[0] ?? new Error('Redis pipeline returned no replies');
    return stored;
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    const reply = await this.#ask('add', () => (ttl > 0 ? this.client.set(key, value, 'EX', ttl, 'NX') : this.client.set(key, value, 'NX')));
    return reply === 'OK';
  }

  async delete(key: string): Promise<boolean> {
    return (await this.#ask('delete', () => this.client.del(key))) > 0;
  }

  deleteMany(keys: readonly string[]): Promise<string[]> {
    return this.#ask('deleteMany', () => this.#removeMany(keys, (c, ks) => c.del(...ks)));
  }

  unlink(keys: readonly string[]): Promise<string[]> {
    return this.#ask('unlink', () => this.#removeMany(keys, (c, ks) => c.unlink(...ks)));
  }

  async has(key: string): Promise<boolean> {
    return (await this.#ask('has', () => this.client.exists(key))) > 0;
  }

  /** INCRBY, refusing with a RangeError (nothing applied) a stored integer or result beyond 2^53 - 1. */
  inc(key: string, delta: number): Promise<number> {
    return safeIncrBy(this.client, key, delta);
  }

  touch(key: string, ttl: number): Promise<boolean> {
    return this.#ask('touch', () => this.#touch(key, ttl));
  }

  async #touch(key: string, ttl: number): Promise<boolean> {
    // EXPIRE ... GT only ever lengthens (a key without expiry counts as infinite); its reply cannot
    // tell "kept" from "missing", hence the EXISTS in the same round trip.
    const pipeline = this.client.pipeline();
    if (ttl > 0) pipeline.expire(key, ttl, 'GT');
    else pipeline.persist(key);
    pipeline.exists(key);
    const replies = (await pipeline.exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
    return Number(replies[1]?.[1]) > 0;
  }

  clear(prefix: string): Promise<boolean> {
    return this.#ask('clear', () => this.#clear(prefix));
  }

  async #clear(prefix: string): Promise<boolean> {
    const nodes = await masters(this.client, CLUSTER_READY_MS);
    if (prefix === '') {
      await Promise.all(nodes.map((n) => n.flushdb()));
      return true;
    }
    await this.#deletePattern(`${escapeGlob(prefix)}*`);
    return true;
  }

  deletePattern(pattern: string): Promise<number> {
    return this.#ask('deletePattern', () => this.#deletePattern(pattern));
  }

  async #deletePattern(pattern: string): Promise<number> {
    const nodes = await masters(this.client, CLUSTER_READY_MS);
    const counts = await Promise.all(nodes.map((n) => unlinkMatching(n, pattern, isCluster(this.client))));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** SCAN on every master (never KEYS). */
  async keys(pattern: string): Promise<string[]> {
    const nodes = await masters(this.client, CLUSTER_READY_MS);
    const found = await Promise.all(nodes.map((n) => scanKeys(n, pattern)));
    return found.flatMap((keys) => [...keys]);
  }

  /** Keys under `prefix` (SCAN), and used_memory, keyspace_hits and keyspace_misses from INFO, summed over the masters. */
  async stats(prefix: string): Promise<BackendStats> {
    const nodes = await masters(this.client, CLUSTER_READY_MS);
    const per = await Promise.all(
      nodes.map(async (n) => {
        const [keys, info] = await Promise.all([scanKeys(n, `${escapeGlob(prefix)}*`), n.info()]);
        return { keys: keys.size, ...serverCounters(info) };
      }),
    );
    return per.reduce((sum, n) => ({ keys: sum.keys + n.keys, bytes: sum.bytes + n.bytes, hits: sum.hits + n.hits, misses: sum.misses + n.misses }));
  }

  /** SET NX PX: a lease expiring to the millisecond. */
  addMs(key: string, value: string, ttlMs: number): Promise<boolean> {
    return addMs(this.client, key, value, ttlMs);
  }

  /** Compare-and-delete in one Lua call: releases a lease only while it is still ours. */
  deleteIfEquals(key: string, value: string): Promise<boolean> {
    return deleteIfEquals(this.client, key, value);
  }

  async close(): Promise<void> {
    if (!this.#owned) return;
    this.#stopReviving?.();
    const client = this.client;
    // Closed by state, never by a timer of our own (fake timers would freeze it): a ready client
    // says QUIT so replies in flight still arrive (a hung server rejects it after commandTimeout);
    // a client in any other state has nothing to flush and is disconnected at once.
    if (client.status === 'ready') {
      let onEnd = (): void => {};
      const ended = new Promise<void>((resolve) => client.once('end', (onEnd = resolve)));
      if (await client.quit().then(() => true, () => false)) return ended;
      client.off('end', onEnd);
    }
    if (client.status !== 'end') client.disconnect();
  }

  /** Runs client calls, turning the server's own error replies into BackendReplyError (E_REPLY). */
  async #ask<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw fromReply(operation, error);
    }
  }

  async #removeMany(keys: readonly string[], run: (c: Redis | Cluster, ks: string[]) => Promise<number>): Promise<string[]> {
    if (keys.length === 0) return [];
    if (isCluster(this.client)) {
      const client = this.client;
      return (await perKey(keys, (k) => run(client, [k]))).map((s) => s.key);
    }
    // One command removes them all or fails as a whole, so on success every key is now absent.
    await run(this.client, [...keys]);
    return [...keys];
  }
}
