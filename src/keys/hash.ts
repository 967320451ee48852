import * as crypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import type { HashMethod } from '../types.js';

type OneShot = (algorithm: string, data: string, encoding: 'buffer') => Buffer;
// crypto.hash (Node >= 20.12) skips the Hash object: about twice as fast for short keys.
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** The digest bytes of `data` under a named algorithm or a custom function. */
export function digest(method: HashMethod, data: string): Buffer {
  if (typeof method === 'function') {
    const out = method(data);
    if (!(out instanceof Uint8Array)) throw new TypeError('hashMethod function must return the digest bytes (a Uint8Array or Buffer)');
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }
  return oneShot ? oneShot(method, data, 'buffer') : crypto.createHash(method).update(data).digest();
}

/** Hex digest, as Flask-Caching appends for source checks and query strings. */
export function hexDigest(method: HashMethod, data: string): string {
  return digest(method, data).toString('hex');
}

// Hot memoized calls hash the same key text on every hit; sha256 is most of a hit's CPU in
// memory. Digests of named algorithms are remembered for short texts; a full table is dropped
// whole (no LRU bookkeeping on the hot path), so it holds at most MEMO_MAX * MEMO_TEXT chars.
const MEMO_MAX = 2048;
const MEMO_TEXT = 1024;
const memo = new Map<string, string>();

/**
 * The first 16 characters of the standard-base64 digest, as Flask-Caching's memoize keys use.
 * `remember: false` skips the memo, for texts the caller remembers itself (the args memo).
 */
export function base64Digest16(method: HashMethod, data: string, remember = true): string {
  if (typeof method !== 'string' || data.length > MEMO_TEXT) return digest(method, data).toString('base64').slice(0, 16);
  if (!remember) return digestBase64(method, data).slice(0, 16);
  const memoKey = method === 'sha256' ? data : `${method}\0${data}`;
  let out = memo.get(memoKey);
  if (out === undefined) {
    out = digestBase64(method, data).slice(0, 16);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(memoKey, out);
  }
  return out;
}

type OneShotText = (algorithm: string, data: string, encoding: 'base64') => string;

/** The standard-base64 digest of `data` under a named algorithm, without a Buffer in between where Node allows. */
function digestBase64(method: string, data: string): string {
  return oneShot ? (oneShot as unknown as OneShotText)(method, data, 'base64') : crypto.createHash(method).update(data).digest('base64');
}

/** A fresh 6-character version tag (standard base64 of random bytes, like Flask's uuid4 slice). */
export function newVersion(): string {
  // Random bytes are drawn 64 versions at a time: one randomBytes call costs microseconds, and
  // clear() or a first call of each instance mints versions in bursts.
  if (pooled + 6 > pool.length) {
    crypto.randomFillSync(pool);
    pooled = 0;
  }
  pooled += 6;
  return pool.toString('base64', pooled - 6, pooled).slice(0, 6);
}

const pool = Buffer.alloc(6 * 64);
let pooled = pool.length;
