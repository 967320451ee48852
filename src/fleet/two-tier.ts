import type { Backend, CommitGate } from '../backends/backend.js';
import type { InvalidationBus } from './bus.js';
import { GuardedCopies, type StoredEntry } from './guarded-copies.js';
import type { LocalEntry, LocalTier } from './local-tier.js';
import { addForMs, deleteIfHolds } from './lease.js';

/** Values of `keys` read from the shared backend with their absolute expiries (ms; `0` never, `-1` gone). */
export type ExpiringRead = (keys: readonly string[]) => Promise<{ values: (string | undefined)[]; expires: number[] }>;

/** What a TwoTierBackend is built from. */
export interface TwoTierParts {
  /** The backend every process shares. */
  shared: Backend;
  /** Whether closing the tier closes `shared` too (the Cache built it). */
  ownsShared: boolean;
  /** The in-process tier. */
  local: LocalTier;
  /** The bus keeping local tiers in step; without one, `local.ttl` alone bounds staleness. */
  bus?: InvalidationBus;
  /** Reads values with their remaining life on the shared backend (Redis PTTL); otherwise a fill lives `local.ttl`. */
  readWithExpiry?: ExpiringRead;
}

/** Counters of where reads were answered, for stats and the fleet specs. */
export interface TierCounters {
  /** Keys answered by the local tier. */
  localHits: number;
  /** Keys read from the shared backend while the local tier was trusted. */
  sharedReads: number;
  /** Keys read from the shared backend because the bus was down. */
  bypassedReads: number;
}

/**
 * A shared backend with an in-process tier in front: reads are answered locally when they can
 * be and fill the tier otherwise; every write goes to the shared backend first, then updates or
 * drops the local entry and names the key on the bus, which drops it in every other process.
 * While the bus is down the tier is bypassed, and it is emptied when the bus is back.
 */
export class TwoTierBackend implements Backend {
  readonly name: string;
  readonly shared = true;
  readonly defaultKeyPrefix: string | undefined;
  readonly serverWide: boolean | undefined;
  /** Deletes keys matching a glob here and everywhere; present when the shared backend can enumerate. */
  readonly deletePattern?: (pattern: string) => Promise<number>;
  /** The shared backend's keys matching a glob, when it can enumerate (read there: the tier holds only some). */
  readonly keys?: (pattern: string) => Promise<string[]>;
  /** The shared backend's own report. */
  readonly stats?: Backend['stats'];
  /** The longest ttl the shared backend can store. */
  readonly maxTtl: number | undefined;
  /** Whether the shared backend keeps prefixes apart by itself. */
  readonly isolatesPrefixes: boolean | undefined;
  /** Where reads were answered. */
  readonly counters: TierCounters = { localHits: 0, sharedReads: 0, bypassedReads: 0 };
  readonly #shared: Backend;
  readonly #ownsShared: boolean;
  readonly #copies: GuardedCopies;
  readonly #bus: InvalidationBus | undefined;
  readonly #readWithExpiry: ExpiringRead | undefined;
  /** Whether local entries may be served: always without a bus, while subscribed with one. */
  #trusted: boolean;

  constructor(parts: TwoTierParts) {
    const shared = parts.shared;
    this.#shared = shared;
    this.#ownsShared = parts.ownsShared;
    this.#copies = new GuardedCopies(parts.local);
    this.#bus = parts.bus;
    this.#readWithExpiry = parts.readWithExpiry;
    this.name = shared.name;
    this.defaultKeyPrefix = shared.defaultKeyPrefix;
    this.serverWide = shared.serverWide;
    this.#trusted = parts.bus === undefined;
    this.maxTtl = shared.maxTtl;
    this.isolatesPrefixes = shared.isolatesPrefixes;
    if (shared.deletePattern) this.deletePattern = (pattern) => this.#deletePattern(pattern);
    if (shared.keys) this.keys = shared.keys.bind(shared);
    if (shared.stats) this.stats = shared.stats.bind(shared);
    parts.bus?.start({
      invalidate: (message) => this.#copies.apply(message),
      down: () => {
        this.#trusted = false;
      },
      up: () => {
        // Messages may have been missed while down: nothing held, and nothing read before now, may be kept.
        this.#copies.reset();
        this.#trusted = true;
      },
    });
  }

  /** The shared backend under the tier. */
  get sharedBackend(): Backend {
    return this.#shared;
  }

  /** The in-process tier. */
  get local(): LocalTier {
    return this.#copies.local;
  }

  /** The bus, when there is one. */
  get bus(): InvalidationBus | undefined {
    return this.#bus;
  }

  /** Whether local entries are served now (false while the bus is down). */
  get trusted(): boolean {
    return this.#trusted;
  }

  /** The live local entry at `key`, read synchronously (the in-place hit path), unless the bus is down. */
  peek(key: string, now: number): LocalEntry | undefined {
    return this.#trusted ? this.#copies.local.peek(key, now) : undefined;
  }

  /** The local entry at `key` even while the bus is down: possibly stale, so only for serving as stale (grace) when the shared backend fails, never as fresh. */
  peekStale(key: string, now: number): LocalEntry | undefined {
    return this.#copies.local.peek(key, now);
  }

  /**
   * Counts every invalidation this tier applied (its own writes, bus messages, a reconnect): a
   * caller that remembers it can tell whether anything was invalidated since (single-flight must
   * not hand a computation begun before an invalidation to a call begun after it).
   */
  get invalidations(): number {
    return this.#copies.invalidations;
  }

  /**
   * Reads from the shared backend whatever the local tier holds (filling it as a read does):
   * for invalidation paths, which must act on the versions Redis has now, not on a local copy a
   * bus message has yet to drop.
   */
  getManyFresh(keys: readonly string[]): Promise<(string | undefined)[]> {
    return this.#fetch(keys);
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.peek(key, Date.now());
    if (entry !== undefined) {
      this.counters.localHits++;
      return entry.value;
    }
    return (await this.#fetch([key]))[0];
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    const now = Date.now();
    const values = new Array<string | undefined>(keys.length);
    let missing: number[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const entry = this.peek(keys[i]!, now);
      if (entry !== undefined) values[i] = entry.value;
      else (missing ??= []).push(i);
    }
    this.counters.localHits += keys.length - (missing?.length ?? 0);
    if (missing === undefined) return values;
    const fetched = await this.#fetch(missing.map((i) => keys[i]!));
    missing.forEach((at, j) => {
      values[at] = fetched[j];
    });
    return values;
  }

  async has(key: string): Promise<boolean> {
    if (this.peek(key, Date.now()) !== undefined) return true;
    return this.#shared.has(key);
  }

  async set(key: string, value: string, ttl: number): Promise<boolean> {
    return this.#write([key], () => this.#shared.set(key, value, ttl), (stored) => (stored ? [[key, value, ttl]] : []));
  }

  async setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    const values = new Map(entries);
    return this.#write([...values.keys()], () => this.#shared.setMany(entries, ttl), (stored) => stored.map((k) => [k, values.get(k)!, ttl]));
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    return this.#write([key], () => this.#shared.add(key, value, ttl), (stored) => (stored ? [[key, value, ttl]] : []), (stored) => stored);
  }

  async delete(key: string): Promise<boolean> {
    return this.#write([key], () => this.#shared.delete(key), () => []);
  }

  async deleteMany(keys: readonly string[]): Promise<string[]> {
    return this.#write(keys, () => this.#shared.deleteMany(keys), () => []);
  }

  async unlink(keys: readonly string[]): Promise<string[]> {
    const shared = this.#shared;
    return this.#write(keys, () => (shared.unlink ? shared.unlink(keys) : shared.deleteMany(keys)), () => []);
  }

  async inc(key: string, delta: number, gate?: CommitGate): Promise<number> {
    // The new number is known but not the expiry inc kept, so the local entry is dropped.
    return this.#write([key], () => this.#shared.inc(key, delta, gate), () => []);
  }

  /** Lengthens the shared entry; the value is unchanged, so other processes' copies stay valid and nothing is announced. */
  async touch(key: string, ttl: number): Promise<boolean> {
    const started = Date.now();
    const exists = await this.#shared.touch(key, ttl);
    if (!exists) this.#copies.local.delete(key);
    else this.#copies.local.extend(key, ttl > 0 ? started + ttl * 1000 : 0, started);
    return exists;
  }

  async clear(prefix: string): Promise<boolean> {
    try {
      return await this.#shared.clear(prefix);
    } finally {
      // Even a failed clear may have removed some keys.
      this.#copies.dropPrefix(prefix);
      this.#bus?.announceClear(prefix);
    }
  }

  /** Stores only when absent, expiring after `ttlMs` ms (leases); announced like `add`. */
  async addMs(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.#write([key], () => addForMs(this.#shared, key, value, ttlMs), () => [], (stored) => stored);
  }

  /** Deletes `key` only while it holds `value` (releasing a lease); announced when it deleted. */
  async deleteIfEquals(key: string, value: string): Promise<boolean> {
    return this.#write([key], () => deleteIfHolds(this.#shared, key, value), () => [], (deleted) => deleted);
  }

  /** Announces what is pending, closes the bus, and closes the shared backend if the Cache built it. */
  async close(): Promise<void> {
    await this.#bus?.close();
    if (this.#ownsShared) await this.#shared.close();
  }

  async #deletePattern(pattern: string): Promise<number> {
    try {
      return await this.#shared.deletePattern!(pattern);
    } finally {
      this.#copies.dropPattern(pattern);
      this.#bus?.announcePattern(pattern);
    }
  }

  /** Reads from the shared backend and keeps what nothing invalidated while it was on the wire. */
  async #fetch(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (!this.#trusted) {
      this.counters.bypassedReads += keys.length;
      return this.#shared.getMany(keys);
    }
    this.counters.sharedReads += keys.length;
    const since = this.#copies.begin(keys);
    try {
      let values: (string | undefined)[];
      let expires: number[] | undefined;
      if (this.#readWithExpiry) ({ values, expires } = await this.#readWithExpiry(keys));
      else values = await this.#shared.getMany(keys);
      if (this.#trusted) this.#copies.keepRead(keys, values, expires, since);
      return values;
    } finally {
      this.#copies.end(keys);
    }
  }

  /**
   * One write: the shared backend first; then the local entries of what it stored (unless an
   * invalidation of the key overtook the write), every other named key dropped, calls still on
   * the wire for these keys barred from filling, and the keys announced. A failed write may have
   * reached the server, so it drops and announces too. `changed` says whether the write changed
   * anything (a failed `add` did not).
   */
  async #write<T>(
    keys: readonly string[],
    run: () => Promise<T>,
    stored: (result: T) => readonly StoredEntry[],
    changed: (result: T) => boolean = () => true,
  ): Promise<T> {
    const since = this.#copies.begin(keys);
    const started = Date.now();
    try {
      let result: T;
      try {
        result = await run();
      } catch (error) {
        this.#settle(keys, since, started, []);
        throw error;
      }
      if (changed(result)) this.#settle(keys, since, started, stored(result));
      return result;
    } finally {
      // Only now: until the local entry is settled, the guard must still see what overtook this write.
      this.#copies.end(keys);
    }
  }

  #settle(keys: readonly string[], since: number, started: number, stored: readonly StoredEntry[]): void {
    this.#copies.keepWritten(keys, since, started, stored, this.#trusted);
    this.#bus?.announceKeys(keys);
  }
}
