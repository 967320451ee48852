import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

/** The longest key memcached accepts, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 250;

/** Bytes of the original key kept in front of the digest, so hashed keys stay recognisable in `stats cachedump`. */
const KEEP_BYTES = 120;

// Control characters, space and DEL break the ASCII protocol; other clients of the same server may speak it.
const REFUSED = /[\u0000-\u0020\u007f]/;

/** Whether memcached (either protocol) would accept the key as it is. */
export function isValidKey(key: string): boolean {
  return key.length > 0 && !REFUSED.test(key) && Buffer.byteLength(key) <= MAX_KEY_BYTES;
}

/**
 * The key sent to memcached: the key itself when valid, otherwise a safe prefix of it, `':'` and the
 * SHA-256 hex of the whole key. Deterministic across processes, and never an invalid key: memjs
 * leaves the next request pending for good after memcached refuses one.
 */
export function wireKey(key: string): string {
  if (isValidKey(key)) return key;
  const digest = createHash('sha256').update(key).digest('hex');
  return `${safePrefix(key)}:${digest}`;
}

/** The start of a key with refused characters dropped, cut to KEEP_BYTES without splitting a character. */
function safePrefix(key: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of key.replace(/[\u0000-\u0020\u007f]/g, '')) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > KEEP_BYTES) break;
    out += ch;
    bytes += size;
  }
  return out;
}
