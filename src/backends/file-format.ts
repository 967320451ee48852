import { Buffer } from 'node:buffer';

/** One stored file: its key, absolute expiry in ms (`0` = never) and the value. */
export interface StoredFile {
  key: string;
  expires: number;
  value: string;
}

/** Extension of cache files, so `clear()` never touches anything else in the directory. */
export const CACHE_FILE_SUFFIX = '.dcc';

const NEWLINE = 0x0a;

/**
 * Encodes an entry as a JSON header line followed by the raw value; the header carries the key
 * (so `clear()` and `deletePattern()` can honour prefixes although file names are hashes) and
 * the value's length in bytes, so a file cut short reads as a miss rather than as another value.
 */
export function encodeFile(entry: StoredFile): string {
  return `${JSON.stringify({ e: entry.expires, k: entry.key, n: Buffer.byteLength(entry.value) })}\n${entry.value}`;
}

/** Decodes a file written by encodeFile, or `undefined` when it is not one (torn, cut short, corrupt or foreign). */
export function decodeFile(bytes: Buffer): StoredFile | undefined {
  const newline = bytes.indexOf(NEWLINE);
  if (newline === -1) return undefined;
  try {
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { e?: unknown; k?: unknown; n?: unknown };
    if (typeof header.e !== 'number' || typeof header.k !== 'string' || header.n !== bytes.length - newline - 1) return undefined;
    return { key: header.k, expires: header.e, value: bytes.toString('utf8', newline + 1) };
  } catch {
    return undefined;
  }
}
