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

/** The first 16 characters of the standard-base64 digest, as Flask-Caching's memoize keys use. */
export function base64Digest16(method: HashMethod, data: string): string {
  return digest(method, data).toString('base64').slice(0, 16);
}

/** A fresh 6-character version tag (standard base64 of random bytes, like Flask's uuid4 slice). */
export function newVersion(): string {
  return crypto.randomBytes(6).toString('base64').slice(0, 6);
}
