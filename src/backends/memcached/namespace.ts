import { Buffer } from 'node:buffer';
import { wireKey } from './keys.js';
import { Op, Status, incrExtras, send, storeExtras, type MemjsClient } from './protocol.js';

/** Suffix of the key holding a prefix's generation. */
export const GENERATION_SUFFIX = '__decocache_gen';

/**
 * Lets `clear(prefix)` drop one prefix's entries without flush_all, which would wipe every other
 * prefix on the server. Memcached cannot enumerate keys, so each prefix has a generation number
 * stored at `<prefix>__decocache_gen` and mixed into every physical key (`<prefix><gen>.<rest>`);
 * clear() increments it and the old entries become unreachable until memcached evicts them.
 *
 * Generations start at the current time in ms, so if memcached evicts the generation key the new
 * one is later than every generation used before and old entries cannot come back.
 *
 * The generation is cached in the process, and every operation re-reads it in parallel with the
 * operation itself (one pipelined round trip, not two): when another process cleared meanwhile, the
 * operation is repeated under the new generation, so a clear is seen by the very next call.
 */
export class Namespace {
  readonly #client: MemjsClient;
  readonly #ms: number;
  readonly #genKey: string;
  #gen: string | undefined;

  constructor(client: MemjsClient, operationTimeout: number, readonly prefix: string) {
    this.#client = client;
    this.#ms = operationTimeout;
    this.#genKey = wireKey(prefix + GENERATION_SUFFIX);
  }

  /** Whether a logical key lives under this namespace's prefix. */
  covers(key: string): boolean {
    return this.prefix !== '' && key.startsWith(this.prefix);
  }

  /** The physical key (before wire hashing) of `key` under generation `gen`. */
  physical(key: string, gen: string): string {
    if (!this.covers(key)) return key;
    return `${this.prefix}${Number(gen).toString(36)}.${key.slice(this.prefix.length)}`;
  }

  /** Runs `op` under the current generation, repeating it when a concurrent clear() changed it. */
  async run<T>(op: (gen: string) => Promise<T>): Promise<T> {
    if (this.prefix === '') return op('0');
    let gen = this.#gen ?? (await this.#load());
    for (let attempt = 0; attempt < 5; attempt++) {
      const [result, current] = await Promise.all([op(gen), this.#read()]);
      if (current === gen) return result;
      gen = this.#gen = current ?? (await this.#load());
    }
    return op(gen);
  }

  /**
   * Runs a read under the current generation with the generation key read in the same batch
   * (`read` gets the generation and the generation key's wire name, and reports what it found
   * there): a memoized hit is one write and one round trip. Repeated like `run` when a concurrent
   * clear() changed the generation.
   */
  async runRead<T>(read: (gen: string, genKey: string) => Promise<{ result: T; current: string | undefined }>): Promise<T> {
    if (this.prefix === '') return (await read('0', this.#genKey)).result;
    let gen = this.#gen ?? (await this.#load());
    for (let attempt = 0; attempt < 5; attempt++) {
      const { result, current } = await read(gen, this.#genKey);
      const known = current !== undefined && /^\d{1,19}$/.test(current) ? current : undefined;
      if (known === gen) return result;
      gen = this.#gen = known ?? (await this.#load());
    }
    return (await read(gen, this.#genKey)).result;
  }

  /** Moves to a new generation, making every entry under the prefix unreachable; atomic across processes. */
  async bump(): Promise<void> {
    const r = await send(this.#client, this.#ms, Op.Incr, this.#genKey, incrExtras(1, Date.now(), 0));
    if (r.header.status === Status.Ok) {
      this.#gen = r.val.readBigUInt64BE(0).toString();
      return;
    }
    // Someone stored a non-number there; reset it to a fresh, later generation.
    const fresh = String(Date.now());
    await send(this.#client, this.#ms, Op.Set, this.#genKey, storeExtras(0), fresh);
    this.#gen = fresh;
  }

  async #read(): Promise<string | undefined> {
    const r = await send(this.#client, this.#ms, Op.Get, this.#genKey, Buffer.alloc(0));
    if (r.header.status !== Status.Ok) return undefined;
    const text = r.val.toString();
    return /^\d{1,19}$/.test(text) ? text : undefined;
  }

  async #load(): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.#read();
      if (existing !== undefined) return (this.#gen = existing);
      const fresh = String(Date.now());
      const r = await send(this.#client, this.#ms, Op.Add, this.#genKey, storeExtras(0), fresh);
      if (r.header.status === Status.Ok) return (this.#gen = fresh);
    }
    throw new Error(`could not read or create the generation key ${this.#genKey}`);
  }
}
