import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { ValueTooLargeError } from '../../errors.js';
import type { MemcachedBackendOptions } from './connect.js';
import { wireKey } from './keys.js';
import { SASLMemcachedCache } from './memcached-backend.js';
import { Op, multiGet } from './protocol.js';

/** Options of SpreadSASLMemcachedCache. */
export interface SpreadMemcachedOptions extends MemcachedBackendOptions {
  /** Bytes per chunk; default 1,000,000 (fits one item with any legal key under the default `-I 1m`). */
  chunkSize?: number;
  /** Most chunks one value may use; default 32, as in Flask-Caching. */
  maxChunks?: number;
}

// Serialized values start with a digit or '!', so a leading NUL cannot be a value the Cache wrote.
const MARK = '\u0000decocache:spread:';

interface Manifest {
  chunks: number;
  bytes: number;
  digest: string;
}

/**
 * SASL memcached that spreads values larger than one chunk over `key.0 … key.N-1` (Flask-Caching's
 * SpreadSASLMemcachedCache). Small values are stored plainly under `key`, so add, inc and touch stay
 * atomic on them. A large value stores its chunks first and then, under `key`, a manifest with the
 * chunk count, size and a digest: a reader that races a writer sees a mismatch and misses instead
 * of returning a mix of two values; an `add` claims the key with the manifest first.
 */
export class SpreadSASLMemcachedCache extends SASLMemcachedCache {
  override readonly name: string = 'SpreadSASLMemcachedCache';
  /** Bytes per chunk. */
  readonly chunkSize: number;
  /** Most chunks one value may use. */
  readonly maxChunks: number;

  constructor(options: SpreadMemcachedOptions = {}) {
    super(options);
    this.chunkSize = options.chunkSize ?? Math.min(1_000_000, this.itemSizeLimit - 1024);
    this.maxChunks = options.maxChunks ?? 32;
    if (!(this.chunkSize > 0 && this.chunkSize <= this.itemSizeLimit)) throw new TypeError('chunkSize must be > 0 and at most itemSizeLimit bytes');
  }

  protected override async write(key: string, wk: string, value: string | Buffer, ttl: number, opcode: number): Promise<boolean> {
    const buf = typeof value === 'string' ? Buffer.from(value) : value;
    if (buf.length <= this.chunkSize) return super.write(key, wk, value, ttl, opcode);
    const count = Math.ceil(buf.length / this.chunkSize);
    if (count > this.maxChunks) throw new ValueTooLargeError(key, buf.length, this.chunkSize * this.maxChunks);
    const manifest = `${MARK}${count}:${buf.length}:${digest(buf)}`;
    if (opcode === Op.Add && !(await super.write(key, wk, manifest, ttl, Op.Add))) return false;
    await Promise.all(
      Array.from({ length: count }, (_, i) => super.write(key, chunkKey(wk, i), buf.subarray(i * this.chunkSize, (i + 1) * this.chunkSize), ttl, Op.Set)),
    );
    if (opcode !== Op.Add) await super.write(key, wk, manifest, ttl, Op.Set);
    return true;
  }

  /** One multi-get for the chunks of every spread value among what was read. */
  protected override async expand(wks: readonly string[], raw: (string | undefined)[]): Promise<(string | undefined)[]> {
    const manifests = raw.map(parseManifest);
    if (!manifests.some(Boolean)) return raw;
    const wanted = wks.flatMap((wk, i) => Array.from({ length: manifests[i]?.chunks ?? 0 }, (_, n) => chunkKey(wk, n)));
    const found = await multiGet(this.client, this.operationTimeout, wanted);
    return raw.map((value, i) => {
      const m = manifests[i];
      if (!m) return value;
      const parts = Array.from({ length: m.chunks }, (_, n) => found.get(chunkKey(wks[i]!, n)));
      if (parts.some((p) => p === undefined)) return undefined;
      const whole = Buffer.concat(parts as Buffer[]);
      return whole.length === m.bytes && digest(whole) === m.digest ? whole.toString() : undefined;
    });
  }

  /** Deletes the key and, when it holds a spread value, its chunks. */
  protected override async remove(wk: string): Promise<boolean> {
    const m = parseManifest((await this.readMany([wk]))[0]);
    const chunks = Array.from({ length: m?.chunks ?? 0 }, (_, n) => super.remove(chunkKey(wk, n)));
    const [existed] = await Promise.all([super.remove(wk), ...chunks]);
    return existed ?? false;
  }

  /** Touches the key and, when it holds a spread value, its chunks. */
  protected override async refresh(wk: string, ttl: number): Promise<boolean> {
    const m = parseManifest((await this.readMany([wk]))[0]);
    const chunks = Array.from({ length: m?.chunks ?? 0 }, (_, n) => super.refresh(chunkKey(wk, n), ttl));
    const [existed] = await Promise.all([super.refresh(wk, ttl), ...chunks]);
    return existed ?? false;
  }
}

function chunkKey(wk: string, n: number): string {
  return wireKey(`${wk}.${n}`);
}

function digest(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex').slice(0, 32);
}

function parseManifest(value: string | undefined): Manifest | undefined {
  if (value === undefined || !value.startsWith(MARK)) return undefined;
  const [chunks, bytes, hash] = value.slice(MARK.length).split(':');
  const m = { chunks: Number(chunks), bytes: Number(bytes), digest: hash ?? '' };
  return Number.isInteger(m.chunks) && m.chunks > 0 && m.chunks <= 1024 && Number.isInteger(m.bytes) ? m : undefined;
}
