import { Buffer } from 'node:buffer';
import { incremented, type Backend, type BackendStats, type PeekedEntry } from './backend.js';
import { globToRegExp } from './glob.js';
import { expiresAt, isLive, laterExpiry } from './expiry.js';

/** Options of the in-process backend. */
export interface SimpleBackendOptions {
  /** Entries kept before pruning starts (cachelib semantics); default 500, `0` means 500. */
  threshold?: number;
}

/** One stored entry, as {@link SimpleBackend.peek} hands it to the Cache's in-place read. */
export interface SimpleEntry extends PeekedEntry {
  /** The serialized value (`inc` rewrites it in place). */
  value: string;
  /** Absolute expiry in ms, `0` = never. */
  expires: number;
}

/**
 * A stored entry: its text, or the decoded value the text is made from when first asked for. Every
 * entry is one class, so the hot loops see one hidden class.
 */
class StoredEntry implements SimpleEntry {
  #text: string | undefined;
  #encode: ((decoded: unknown) => string) | undefined;
  decoded: { raw: string | undefined; value: unknown } | undefined;
  expires: number;

  constructor(text: string | undefined, expires: number, decoded?: unknown, encode?: (decoded: unknown) => string) {
    this.#text = text;
    this.expires = expires;
    this.#encode = encode;
    this.decoded = encode === undefined ? undefined : { raw: undefined, value: decoded };
  }

  get value(): string {
    if (this.#text === undefined) {
      this.#text = this.#encode!(this.decoded!.value);
      this.#encode = undefined;
    }
    return this.#text;
  }

  /** A rewrite (`inc`) drops the decoded form it no longer matches. */
  set value(text: string) {
    this.#text = text;
    this.#encode = undefined;
    this.decoded = undefined;
  }
}

function newEntry(value: string, expires: number): SimpleEntry {
  return new StoredEntry(value, expires);
}

/**
 * In-process Map with expiry and cachelib's threshold pruning: before each write, when over the
 * threshold, expired entries go first, then the entries closest to expiry. Time comes from
 * `Date.now()`, so fake timers drive it in tests.
 */
export class SimpleBackend implements Backend {
  readonly name = 'SimpleCache';
  readonly shared = false;
  readonly threshold: number;
  readonly #map = new Map<string, SimpleEntry>();

  constructor(options: SimpleBackendOptions = {}) {
    this.threshold = options.threshold || 500;
  }

  /** Number of entries held, live or not yet pruned. */
  get size(): number {
    return this.#map.size;
  }

  #live(key: string, now = Date.now()): SimpleEntry | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (isLive(entry.expires, now)) return entry;
    this.#map.delete(key);
    return undefined;
  }

  /** The live entry at `key`, read synchronously: this backend answers in place. */
  peek(key: string, now: number): SimpleEntry | undefined {
    return this.#live(key, now);
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(key)?.value;
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    const now = Date.now();
    return keys.map((k) => this.#live(k, now)?.value);
  }

  async set(key: string, value: string, ttl: number): Promise<boolean> {
    this.setNow(key, value, ttl);
    return true;
  }

  /** Stores synchronously: this backend writes in place. */
  setNow(key: string, value: string, ttl: number): void {
    this.#prune();
    this.#map.set(key, newEntry(value, expiresAt(ttl)));
  }

  async setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    const expires = expiresAt(ttl);
    for (const [key, value] of entries) {
      this.#prune();
      this.#map.set(key, newEntry(value, expires));
    }
    return entries.map(([k]) => k);
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    this.#prune();
    if (this.#live(key)) return false;
    this.#map.set(key, newEntry(value, expiresAt(ttl)));
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.#live(key) !== undefined;
    this.#map.delete(key);
    return existed;
  }

  async deleteMany(keys: readonly string[]): Promise<string[]> {
    for (const key of keys) this.#map.delete(key);
    return [...keys];
  }

  async has(key: string): Promise<boolean> {
    return this.#live(key) !== undefined;
  }

  async inc(key: string, delta: number): Promise<number> {
    const entry = this.#live(key);
    const next = incremented(key, entry?.value, delta);
    if (entry) entry.value = String(next);
    else {
      this.#prune();
      this.#map.set(key, newEntry(String(next), 0));
    }
    return next;
  }

  async touch(key: string, ttl: number): Promise<boolean> {
    return this.touchNow(key, ttl);
  }

  /** Stores a decoded value synchronously, encoded only if its text is ever asked for (see Backend). */
  setDecodedNow(key: string, decoded: unknown, encode: (decoded: unknown) => string, ttl: number): void {
    this.#prune();
    this.#map.set(key, new StoredEntry(undefined, expiresAt(ttl), decoded, encode));
  }

  /** Extends an entry's life synchronously. */
  touchNow(key: string, ttl: number): boolean {
    const now = Date.now();
    const entry = this.#live(key, now);
    if (!entry) return false;
    if (entry.expires !== 0) entry.expires = laterExpiry(entry.expires, expiresAt(ttl, now));
    return true;
  }

  async clear(prefix: string): Promise<boolean> {
    if (prefix === '') this.#map.clear();
    else for (const key of this.#map.keys()) if (key.startsWith(prefix)) this.#map.delete(key);
    return true;
  }

  async deletePattern(pattern: string): Promise<number> {
    const re = globToRegExp(pattern);
    let count = 0;
    const now = Date.now();
    for (const [key, entry] of this.#map) {
      if (!re.test(key)) continue;
      this.#map.delete(key);
      if (isLive(entry.expires, now)) count++;
    }
    return count;
  }

  async keys(pattern: string): Promise<string[]> {
    const re = globToRegExp(pattern);
    const now = Date.now();
    const found: string[] = [];
    for (const [key, entry] of this.#map) if (isLive(entry.expires, now) && re.test(key)) found.push(key);
    return found;
  }

  /** Live keys under `prefix` and the UTF-8 bytes of their keys and stored values. */
  async stats(prefix: string): Promise<BackendStats> {
    const now = Date.now();
    let keys = 0;
    let bytes = 0;
    for (const [key, entry] of this.#map) {
      if (!key.startsWith(prefix) || !isLive(entry.expires, now)) continue;
      keys++;
      bytes += Buffer.byteLength(key) + Buffer.byteLength(entry.value);
    }
    return { keys, bytes };
  }

  async close(): Promise<void> {}

  #prune(): void {
    const map = this.#map;
    if (map.size <= this.threshold) return;
    const now = Date.now();
    // One pass drops expired entries and finds the soonest to expire (never-expiring last:
    // cachelib's order, not LRU). Keys and values are walked side by side: no [key, value] pair
    // and no callback per entry (twice as fast as forEach).
    while (map.size > this.threshold) {
      let victim: string | undefined;
      let soonest = Infinity;
      const keys = map.keys();
      for (const stored of map.values()) {
        const key = keys.next().value as string;
        if (!isLive(stored.expires, now)) {
          map.delete(key);
          continue;
        }
        const expires = stored.expires || Infinity;
        if (victim === undefined || expires < soonest) {
          victim = key;
          soonest = expires;
        }
      }
      if (map.size > this.threshold && victim !== undefined) map.delete(victim);
    }
  }
}
