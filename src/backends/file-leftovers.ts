import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE_FILE_SUFFIX } from './file-format.js';
import { STALE_MS, breakLock, isStale, ownerIsGone } from './file-lock.js';

/** A temporary file this old was left by a crash, whoever wrote it: a write takes milliseconds. */
const TEMP_STALE_MS = 60_000;

async function olderThan(path: string, ms: number): Promise<boolean> {
  return stat(path).then((s) => Date.now() - s.mtimeMs > ms, () => false);
}

/**
 * Removes what crashed writers left in a cache directory: temporary files (named
 * `.tmp-<host>-<pid>-<random>`) whose writer is gone or that are a minute old, and lock files whose
 * holder is gone or that are stale. Files still in use by a live process are left alone.
 */
export async function removeLeftovers(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (name.startsWith('.tmp-')) {
      const owner = name.slice('.tmp-'.length).split('-').slice(0, 2).join('-');
      if (ownerIsGone(owner) || (await olderThan(path, TEMP_STALE_MS))) await rm(path, { force: true });
    } else if (name.endsWith(`${CACHE_FILE_SUFFIX}.lock`)) {
      const holder = await readFile(path, 'utf8').catch(() => undefined);
      if (holder !== undefined && (await isStale(path, holder))) await breakLock(path, holder);
    } else if (name.includes(`${CACHE_FILE_SUFFIX}.lock.stale-`) && (await olderThan(path, STALE_MS))) {
      await rm(path, { force: true });
    }
  }
}
