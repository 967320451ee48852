import { Buffer } from 'node:buffer';
import { BackendError, BackendReplyError, NotSupportedError, ValueTooLargeError, unsafeIntegerError, type CacheError } from '../../errors.js';
import { incremented, type Backend, type BackendStats } from '../backend.js';
import { openClient, type MemcachedBackendOptions, type MemjsClient } from './connect.js';
import { wireKey } from './keys.js';
import { Namespace } from './namespace.js';
import { serverStats } from './server-stats.js';
import { MAX_EXPIRATION, Op, Status, expiration, flushAll, incrExtras, multiGet, send, storeExtras, touchExtras } from './protocol.js';

const NONE = Buffer.alloc(0);
/** Wire keys remembered (a full table is dropped whole). */
const MAX_WIRED = 4096;

/** Out of memory, internal error, busy, temporary failure: the server cannot serve right now. */
const UNAVAILABLE_STATUSES = new Set([0x82, 0x84, 0x85, 0x86]);

/**
 * Memcached through memjs, like Flask-Caching's MemcachedCache, but: invalid or overlong keys are
 * hashed instead of ignored, values over the item size reject with ValueTooLargeError, `clear()`
 * drops only this prefix (see Namespace), and every call has its own deadline.
 */
export class MemcachedCache implements Backend {
  /** Backend name used in logs. */
  readonly name: string = 'MemcachedCache';
  /** Other processes see the same entries. */
  readonly shared = true;
  /** Key prefix used when the config gives none. */
  readonly defaultKeyPrefix = 'decocache_';
  /** `clear('')` would flush whole servers. */
  readonly serverWide = true;
  /** Each prefix has its own generation, so clearing `a_` never reaches the keys of a cache prefixed `a_b_`. */
  readonly isolatesPrefixes = true;
  /** Largest value in bytes one item holds. */
  readonly itemSizeLimit: number;
  /** Milliseconds each call may take. */
  readonly operationTimeout: number;
  /**
   * The longest timeout in seconds memcached can hold: expirations over 30 days are absolute unix
   * times in 32 bits, so anything that would end after 2106 is refused with a TypeError.
   */
  get maxTtl(): number {
    return MAX_EXPIRATION - Math.floor(Date.now() / 1000);
  }
  /** The memjs client in use. */
  readonly client: MemjsClient;
  protected readonly ns: Namespace;
  readonly #owned: boolean;
  readonly #wired = new Map<string, { gen: string; wire: string }>();

  constructor(options: MemcachedBackendOptions = {}) {
    this.operationTimeout = options.operationTimeout ?? 1000;
    this.itemSizeLimit = options.itemSizeLimit ?? 1024 * 1024;
    if (!(this.operationTimeout > 0)) throw new TypeError('operationTimeout must be a number of milliseconds > 0');
    if (!(this.itemSizeLimit > 0)) throw new TypeError('itemSizeLimit must be a number of bytes > 0');
    const { client, owned } = openClient(options, this.operationTimeout);
    this.client = client;
    this.#owned = owned;
    this.ns = new Namespace(client, this.operationTimeout, options.keyPrefix ?? this.defaultKeyPrefix);
  }

  /** The key sent to memcached for a logical key under a generation. */
  protected wire(key: string, gen: string): string {
    // Hot keys arrive as the same strings every call: their wire form is looked up, not rebuilt.
    const known = this.#wired.get(key);
    if (known !== undefined && known.gen === gen) return known.wire;
    const wire = wireKey(this.ns.physical(key, gen));
    if (this.#wired.size >= MAX_WIRED) this.#wired.clear();
    this.#wired.set(key, { gen, wire });
    return wire;
  }

  /** Sends one request with this backend's deadline. */
  protected send(opcode: number, key: string, extras: Buffer = NONE, value: Buffer | string = '', cas?: Buffer) {
    return send(this.client, this.operationTimeout, opcode, key, extras, value, cas);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.getMany([key]))[0];
  }

  /** One quiet-get batch per server, the prefix's generation key riding in the same write. */
  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    return this.ns.runRead(async (gen, genKey) => {
      const wks = keys.map((k) => this.wire(k, gen));
      const found = await multiGet(this.client, this.operationTimeout, this.ns.prefix === '' ? wks : [...wks, genKey]);
      const raw = wks.map((k) => found.get(k)?.toString());
      const expanded = this.expand(wks, raw);
      // Only the spread variant's chunks need another round trip: a plain read takes no extra promise turn.
      return { result: expanded === raw ? raw : await expanded, current: found.get(genKey)?.toString() };
    });
  }

  /** What was read at wire keys, as values (the spread variant reassembles its chunks here). */
  protected expand(_wks: readonly string[], raw: (string | undefined)[]): (string | undefined)[] | Promise<(string | undefined)[]> {
    return raw;
  }

  async set(key: string, value: string, ttl: number): Promise<boolean> {
    return this.ns.run((gen) => this.write(key, this.wire(key, gen), value, ttl, Op.Set));
  }

  async setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    if (entries.length === 0) return [];
    const stored = await this.ns.run((gen) => Promise.all(entries.map(([k, v]) => this.write(k, this.wire(k, gen), v, ttl, Op.Set))));
    return entries.filter((_, i) => stored[i]).map(([k]) => k);
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    return this.ns.run((gen) => this.write(key, this.wire(key, gen), value, ttl, Op.Add));
  }

  async delete(key: string): Promise<boolean> {
    return this.ns.run((gen) => this.remove(this.wire(key, gen)));
  }

  async deleteMany(keys: readonly string[]): Promise<string[]> {
    await this.ns.run((gen) => Promise.all(keys.map((k) => this.remove(this.wire(k, gen)))));
    return [...keys];
  }

  async has(key: string): Promise<boolean> {
    // Appending nothing succeeds only on an existing item and, unlike GET, transfers no value.
    return this.ns.run(async (gen) => (await this.send(Op.Append, this.wire(key, gen))).header.status === Status.Ok);
  }

  /**
   * Positive deltas use memcached INCR, which is atomic, keeps the expiry, and creates a missing key
   * from its initial value. Memcached counters are unsigned (DECR stops at 0, INCR refuses "-5"), so
   * negative deltas and negative stored values go through a CAS loop instead (GET with its CAS id,
   * then SET guarded by it, retried on conflict): still atomic, but the binary protocol cannot read
   * the remaining expiry, so an entry rewritten that way no longer expires.
   */
  async inc(key: string, delta: number): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new TypeError(`inc/dec: delta must be a safe integer, got ${delta}`);
    return this.ns.run(async (gen) => {
      const wk = this.wire(key, gen);
      if (delta >= 0) {
        const r = await this.send(Op.Incr, wk, incrExtras(delta, delta, 0));
        if (r.header.status === Status.Ok) return this.#counter(key, wk, r.val.readBigUInt64BE(0), delta);
        if (r.header.status !== Status.NonNumeric) throw this.failure('inc', r.header.status);
      }
      return this.#casAdd(key, wk, delta);
    });
  }

  /** Memcached TOUCH: it sets the new expiry even when that is sooner, since the old one cannot be read. */
  async touch(key: string, ttl: number): Promise<boolean> {
    return this.ns.run((gen) => this.refresh(this.wire(key, gen), ttl));
  }

  /** `''` flushes every server (the Cache asks only with `allowClearAll`); this backend's prefix moves to a new generation. */
  async clear(prefix: string): Promise<boolean> {
    if (prefix === '') await flushAll(this.client, this.operationTimeout);
    else if (prefix === this.ns.prefix) await this.ns.bump();
    else {
      throw new NotSupportedError(
        `${this.name} can clear only the prefix it was built with (${JSON.stringify(this.ns.prefix)}), not ${JSON.stringify(prefix)}: pass keyPrefix to the backend`,
      );
    }
    return true;
  }

  /** Memcached cannot enumerate keys. */
  deletePattern(_pattern: string): Promise<number> {
    return Promise.reject(new NotSupportedError(`${this.name} cannot enumerate keys, so deletePattern is not available; use clear() or delete known keys`));
  }

  /** Server-wide memory and get hits and misses; memcached cannot count the keys under a prefix. */
  stats(_prefix: string): Promise<BackendStats> {
    return serverStats(this.client, this.operationTimeout);
  }

  async close(): Promise<void> {
    if (this.#owned) this.client.close();
  }

  /** Reads wire keys: one GET for one key, one pipelined GETKQ batch per server for several. */
  protected async readMany(wks: readonly string[]): Promise<(string | undefined)[]> {
    if (wks.length === 1) {
      const r = await this.send(Op.Get, wks[0]!);
      if (r.header.status === Status.NotFound) return [undefined];
      if (r.header.status !== Status.Ok) throw this.failure('get', r.header.status);
      return [r.val.toString()];
    }
    const found = await multiGet(this.client, this.operationTimeout, wks);
    return wks.map((k) => found.get(k)?.toString());
  }

  /** SET or ADD of one item, refusing what memcached would refuse for its size. */
  protected async write(key: string, wk: string, value: string | Buffer, ttl: number, opcode: number): Promise<boolean> {
    const size = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
    if (size > this.itemSizeLimit) throw new ValueTooLargeError(key, size, this.itemSizeLimit);
    const r = await this.send(opcode, wk, storeExtras(expiration(ttl)), value);
    const status = r.header.status;
    if (status === Status.Ok) return true;
    if (opcode === Op.Add && (status === Status.Exists || status === Status.NotStored)) return false;
    if (status === Status.TooLarge) throw new ValueTooLargeError(key, size, this.itemSizeLimit);
    throw this.failure(opcode === Op.Add ? 'add' : 'set', status);
  }

  /** Deletes one wire key; whether it existed. */
  protected async remove(wk: string): Promise<boolean> {
    const r = await this.send(Op.Delete, wk);
    if (r.header.status === Status.Ok) return true;
    if (r.header.status === Status.NotFound) return false;
    throw this.failure('delete', r.header.status);
  }

  /** TOUCHes one wire key; whether it existed. */
  protected async refresh(wk: string, ttl: number): Promise<boolean> {
    const r = await this.send(Op.Touch, wk, touchExtras(expiration(ttl)));
    if (r.header.status === Status.Ok) return true;
    if (r.header.status === Status.NotFound) return false;
    throw this.failure('touch', r.header.status);
  }

  /**
   * An error for an unexpected memcached status: a server that cannot serve (out of memory for the
   * request, busy, internal error, temporary failure) fails like a dead one; any other status is
   * its answer to this command (E_REPLY), which never opens the circuit breaker.
   */
  protected failure(operation: string, status: number): CacheError {
    const message = `memcached ${operation} answered status 0x${status.toString(16)}`;
    return UNAVAILABLE_STATUSES.has(status) ? new BackendError(message) : new BackendReplyError(operation, message);
  }

  /** The INCR result, undoing the increment when it passed 2^53 - 1 (it would come back rounded). */
  async #counter(key: string, wk: string, value: bigint, delta: number): Promise<number> {
    if (value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
    // memcached counters are 64-bit: DECR by the same delta restores the value exactly.
    // Expiration 0xffffffff: DECR fails rather than creating the key if it vanished meanwhile.
    await this.send(Op.Decr, wk, incrExtras(delta, 0, 0xffffffff));
    throw unsafeIntegerError(key);
  }

  async #casAdd(key: string, wk: string, delta: number): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const g = await this.send(Op.Get, wk);
      if (g.header.status === Status.NotFound) {
        const a = await this.send(Op.Add, wk, storeExtras(0), String(delta));
        if (a.header.status === Status.Ok) return delta;
        continue;
      }
      if (g.header.status !== Status.Ok) throw this.failure('inc', g.header.status);
      const next = incremented(key, g.val.toString(), delta);
      const s = await this.send(Op.Set, wk, storeExtras(0), String(next), g.header.cas);
      if (s.header.status === Status.Ok) return next;
      if (s.header.status !== Status.Exists && s.header.status !== Status.NotFound) throw this.failure('inc', s.header.status);
    }
    throw new BackendError(`inc on "${key}" kept conflicting with concurrent writers; gave up after 100 attempts`);
  }
}

/**
 * Memcached with SASL PLAIN authentication (MemCachier and the like), as Flask-Caching's
 * SASLMemcachedCache. Without a username nor a password it talks the binary protocol without SASL,
 * as pylibmc does, so the same config runs against a local memcached. A wrong password rejects the
 * first call with a BackendError whose cause is an Error (memjs itself rejects with a bare string).
 */
export class SASLMemcachedCache extends MemcachedCache {
  override readonly name: string = 'SASLMemcachedCache';

  constructor(options: MemcachedBackendOptions = {}) {
    if (!options.client && (options.username || options.password)) {
      if (!options.username) throw new TypeError('memcachedUsername is missing: SASL needs it with memcachedPassword (leave both unset for a memcached without SASL)');
      if (!options.password) throw new TypeError('memcachedPassword is missing: SASL needs it with memcachedUsername (leave both unset for a memcached without SASL)');
    }
    super(options);
  }
}
