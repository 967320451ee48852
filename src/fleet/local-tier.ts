import type { SimpleEntry } from '../backends/simple.js';

/** Bounds of a local tier; `ttlMs` caps every entry's life. */
export interface LocalTierBounds {
  /** Entries kept at most. */
  maxEntries: number;
  /** Accounted bytes kept at most (see {@link entryBytes}). */
  maxBytes: number;
  /** Milliseconds an entry lives at most, whatever expiry it was given. */
  ttlMs: number;
}

/** One local entry: SimpleBackend's entry shape (so the in-place read serves both) plus its accounting. */
export interface LocalEntry extends SimpleEntry {
  /** Bytes this entry counts against `maxBytes`. */
  size: number;
  /** Read since the eviction hand last passed it (the CLOCK bit). */
  used: boolean;
}

/**
 * Bytes one entry holds beyond its characters: the Map slot, the entry object, its expiry, and
 * the headers of the key and value strings (about 195 measured by benchmarks/fleet-memory.ts on
 * Node 20 x64, where a million distinct keys kept the heap at 70% of maxBytes with ASCII values
 * and 94% with values stored two bytes a character).
 */
export const ENTRY_OVERHEAD_BYTES = 200;

/**
 * What an entry counts against `maxBytes`: 2 bytes per character of key and value (V8 stores
 * ASCII in 1, so this over-counts them) plus {@link ENTRY_OVERHEAD_BYTES}. A decoded copy kept
 * beside the value for in-place hits is not counted.
 */
export function entryBytes(key: string, value: string): number {
  return ENTRY_OVERHEAD_BYTES + 2 * (key.length + value.length);
}

/**
 * The in-process tier of a TwoTierBackend: serialized values with absolute expiries, bounded by
 * count and bytes. Eviction is CLOCK (second chance), an approximation of LRU in which a hit only
 * sets a flag: entries are kept in insertion order, and the hand evicts the oldest entry not read
 * since it last passed, moving read ones to the back. Time comes from the caller (`now`), so
 * fake timers drive it in tests.
 */
export class LocalTier {
  readonly #map = new Map<string, LocalEntry>();
  readonly #bounds: LocalTierBounds;
  #bytes = 0;

  constructor(bounds: LocalTierBounds) {
    this.#bounds = bounds;
  }

  /** Entries held, live or not yet evicted. */
  get size(): number {
    return this.#map.size;
  }

  /** Accounted bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The bounds in force. */
  get bounds(): Readonly<LocalTierBounds> {
    return this.#bounds;
  }

  /** The live entry at `key`, marked as read; an expired one is removed. */
  peek(key: string, now: number): LocalEntry | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > now) {
      entry.used = true;
      return entry;
    }
    this.#remove(key, entry);
    return undefined;
  }

  /**
   * Stores `value` until `expires` (absolute ms; `0` = the backend keeps it forever), capped at
   * `now + ttlMs`. A value larger than `maxBytes` on its own is not kept.
   */
  set(key: string, value: string, expires: number, now: number): void {
    const cap = now + this.#bounds.ttlMs;
    const until = expires === 0 || expires > cap ? cap : expires;
    const old = this.#map.get(key);
    if (old !== undefined) this.#remove(key, old);
    if (until <= now) return;
    const size = entryBytes(key, value);
    if (size > this.#bounds.maxBytes) return;
    // Room first, then the new entry at the back: it is the most recent, behind any second chances.
    this.#makeRoom(size);
    this.#map.set(key, { value, expires: until, decoded: undefined, size, used: false });
    this.#bytes += size;
  }

  /** Moves the expiry of a held entry later (never earlier), within the ttl cap. */
  extend(key: string, expires: number, now: number): void {
    const entry = this.#map.get(key);
    if (entry === undefined) return;
    const cap = now + this.#bounds.ttlMs;
    const until = expires === 0 || expires > cap ? cap : expires;
    if (until > entry.expires) entry.expires = until;
  }

  /** Removes one key. */
  delete(key: string): void {
    const entry = this.#map.get(key);
    if (entry !== undefined) this.#remove(key, entry);
  }

  /** Removes every key that starts with `prefix` (all for `''`), and no other. */
  clear(prefix = ''): void {
    if (prefix === '') {
      this.#map.clear();
      this.#bytes = 0;
      return;
    }
    for (const [key, entry] of this.#map) if (key.startsWith(prefix)) this.#remove(key, entry);
  }

  /** Removes every key `pattern` matches, and no other. */
  deleteMatching(pattern: RegExp): void {
    for (const [key, entry] of this.#map) if (pattern.test(key)) this.#remove(key, entry);
  }

  #remove(key: string, entry: LocalEntry): void {
    this.#map.delete(key);
    this.#bytes -= entry.size;
  }

  /** Evicts until one more entry of `size` bytes fits. */
  #makeRoom(size: number): void {
    const map = this.#map;
    const { maxEntries, maxBytes } = this.#bounds;
    while (map.size >= maxEntries || this.#bytes + size > maxBytes) {
      // The hand starts at the oldest entry; a read one gets a second chance at the back. Each
      // pass ends with an eviction: at worst every entry was read and the first one comes round.
      for (const [key, entry] of map) {
        if (!entry.used) {
          this.#remove(key, entry);
          break;
        }
        entry.used = false;
        map.delete(key);
        map.set(key, entry);
      }
    }
  }
}
