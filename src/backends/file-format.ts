/** One stored file: its key, absolute expiry in ms (`0` = never) and the value. */
export interface StoredFile {
  key: string;
  expires: number;
  value: string;
}

/** Extension of cache files, so `clear()` never touches anything else in the directory. */
export const CACHE_FILE_SUFFIX = '.dcc';

/**
 * Encodes an entry as a JSON header line followed by the raw value; the header carries the key
 * so that `clear()` and `deletePattern()` can honour prefixes although file names are hashes.
 */
export function encodeFile(entry: StoredFile): string {
  return `${JSON.stringify({ e: entry.expires, k: entry.key })}\n${entry.value}`;
}

/** Decodes a file written by encodeFile, or `undefined` when it is not one (torn or foreign). */
export function decodeFile(text: string): StoredFile | undefined {
  const newline = text.indexOf('\n');
  if (newline === -1) return undefined;
  try {
    const header = JSON.parse(text.slice(0, newline)) as { e?: unknown; k?: unknown };
    if (typeof header.e !== 'number' || typeof header.k !== 'string') return undefined;
    return { key: header.k, expires: header.e, value: text.slice(newline + 1) };
  } catch {
    return undefined;
  }
}
