import { createHash, randomBytes } from 'node:crypto';
import { access, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheConfig } from '../types.js';
import type { Backend, BackendStats, CommitGate } from './backend.js';
import { globToRegExp } from './glob.js';
import { expiresAt, isLive, laterExpiry } from './expiry.js';
import { CounterRounds } from './file-counter.js';
import { CACHE_FILE_SUFFIX, decodeFile, encodeFile, type StoredFile } from './file-format.js';
import { OWNER, withFileLock } from './file-lock.js';
import { removeLeftovers } from './file-leftovers.js';

/** Options of FileSystemCache. */
export interface FileSystemCacheOptions {
  /** The cache directory (created when missing). */
  dir: string;
  /** Files kept before pruning (expired first, then soonest to expire); default 500, `0` = no limit. */
  threshold?: number;
  /** Permission bits of cache files; default 0o600. */
  mode?: number;
}

/**
 * One file per key (name: sha256 of the key), written to a temporary file and renamed into place,
 * so readers never see a torn value and concurrent writers, in one process or several, never
 * corrupt an entry. `add` uses link(2), which fails when the target exists: atomic across processes.
 */
export class FileSystemCache implements Backend {
  readonly name = 'FileSystemCache';
  readonly shared = true;
  readonly serverWide = false;
  readonly dir: string;
  readonly threshold: number;
  readonly #mode: number;
  #count: number | undefined;
  #ready: Promise<void> | undefined;
  readonly #counters = new CounterRounds({ read: (key) => this.#readLive(key), write: (path, entry) => this.#replace(path, entry) });

  constructor(options: FileSystemCacheOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '') throw new TypeError('FileSystemCache: dir must be the path of the cache directory');
    this.dir = options.dir;
    this.threshold = options.threshold ?? 500;
    this.#mode = options.mode ?? 0o600;
  }

  #path(key: string): string {
    return join(this.dir, createHash('sha256').update(key).digest('hex') + CACHE_FILE_SUFFIX);
  }

  #mkdir(): Promise<void> {
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    return this.#ready;
  }

  async #read(path: string): Promise<StoredFile | undefined> {
    try {
      return decodeFile(await readFile(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async #readLive(key: string): Promise<StoredFile | undefined> {
    const entry = await this.#read(this.#path(key));
    return entry && entry.key === key && isLive(entry.expires) ? entry : undefined;
  }

  // Temporary files are signed by their writer, so clear() can tell the leftovers of a crash.
  async #writeTemp(entry: StoredFile): Promise<string> {
    await this.#mkdir();
    const temp = join(this.dir, `.tmp-${OWNER}-${randomBytes(8).toString('hex')}`);
    await writeFile(temp, encodeFile(entry), { mode: this.#mode });
    return temp;
  }

  async #replace(path: string, entry: StoredFile): Promise<void> {
    const temp = await this.#writeTemp(entry);
    try {
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#readLive(key))?.value;
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  async set(key: string, value: string, ttl: number): Promise<boolean> {
    const path = this.#path(key);
    await this.#beforeWrite(path);
    await this.#replace(path, { key, value, expires: expiresAt(ttl) });
    return true;
  }

  async setMany(entries: readonly (readonly [string, string])[], ttl: number): Promise<string[]> {
    for (const [key, value] of entries) await this.set(key, value, ttl);
    return entries.map(([k]) => k);
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    const path = this.#path(key);
    await this.#beforeWrite(path);
    const temp = await this.#writeTemp({ key, value, expires: expiresAt(ttl) });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await link(temp, path);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          // An expired file does not count as present; remove it once and retry.
          const existing = await this.#read(path);
          if (existing && isLive(existing.expires)) return false;
          await rm(path, { force: true });
        }
      }
      return false;
    } finally {
      await rm(temp, { force: true });
    }
  }

  async delete(key: string): Promise<boolean> {
    const existed = (await this.#readLive(key)) !== undefined;
    await rm(this.#path(key), { force: true });
    return existed;
  }

  async deleteMany(keys: readonly string[]): Promise<string[]> {
    await Promise.all(keys.map((k) => rm(this.#path(k), { force: true })));
    return [...keys];
  }

  async has(key: string): Promise<boolean> {
    return (await this.#readLive(key)) !== undefined;
  }

  /** Atomic across processes (a lock file), batched within one (see CounterRounds); a corrupt file counts as missing. */
  async inc(key: string, delta: number, gate?: CommitGate): Promise<number> {
    await this.#mkdir();
    return this.#counters.inc(this.#path(key), key, delta, gate);
  }

  async touch(key: string, ttl: number): Promise<boolean> {
    await this.#mkdir();
    const path = this.#path(key);
    return withFileLock(`${path}.lock`, async () => {
      const entry = await this.#readLive(key);
      if (!entry) return false;
      await this.#replace(path, { ...entry, expires: laterExpiry(entry.expires, expiresAt(ttl)) });
      return true;
    });
  }

  /** Also removes what crashed writers left: temporary files, and locks whose holder is gone. */
  async clear(prefix: string): Promise<boolean> {
    await removeLeftovers(this.dir);
    await this.#forEachFile(async (path, entry) => {
      if (prefix === '' || entry?.key.startsWith(prefix)) await rm(path, { force: true });
    }, prefix !== '');
    this.#count = undefined;
    return true;
  }

  async deletePattern(pattern: string): Promise<number> {
    const re = globToRegExp(pattern);
    let count = 0;
    await this.#forEachFile(async (path, entry) => {
      if (!entry || !re.test(entry.key)) return;
      await rm(path, { force: true });
      if (isLive(entry.expires)) count++;
    }, true);
    this.#count = undefined;
    return count;
  }

  /** Reads every cache file: each one's header holds its key, since file names are hashes. */
  async keys(pattern: string): Promise<string[]> {
    const re = globToRegExp(pattern);
    const found: string[] = [];
    await this.#forEachFile(async (_path, entry) => {
      if (entry && isLive(entry.expires) && re.test(entry.key)) found.push(entry.key);
    }, true);
    return found;
  }

  /** Live files under `prefix` and their size on disk. */
  async stats(prefix: string): Promise<BackendStats> {
    let keys = 0;
    let bytes = 0;
    await this.#forEachFile(async (path, entry) => {
      if (!entry || !entry.key.startsWith(prefix) || !isLive(entry.expires)) return;
      keys++;
      bytes += await stat(path).then((s) => s.size, () => 0);
    }, true);
    return { keys, bytes };
  }

  async close(): Promise<void> {}

  async #forEachFile(fn: (path: string, entry: StoredFile | undefined) => Promise<void>, read: boolean): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const files = names.filter((n) => n.endsWith(CACHE_FILE_SUFFIX));
    for (const name of files) {
      const path = join(this.dir, name);
      await fn(path, read ? await this.#read(path) : undefined);
    }
    return files.length;
  }

  // Counting is approximate between prunes (other processes write too); pruning recounts.
  async #beforeWrite(path: string): Promise<void> {
    if (this.threshold === 0) return;
    this.#count ??= await this.#forEachFile(async () => {}, false);
    if (this.#count < this.threshold) {
      this.#count++;
      return;
    }
    // Near the limit, an overwrite must not evict anything: only new files count.
    const exists = await access(path).then(() => true, () => false);
    if (!exists && ++this.#count > this.threshold) await this.#prune();
  }

  async #prune(): Promise<void> {
    const entries: { path: string; expires: number }[] = [];
    const now = Date.now();
    await this.#forEachFile(async (path, entry) => {
      if (!entry || !isLive(entry.expires, now)) await rm(path, { force: true });
      else entries.push({ path, expires: entry.expires });
    }, true);
    entries.sort((a, b) => (a.expires || Infinity) - (b.expires || Infinity));
    while (entries.length >= this.threshold) await rm(entries.shift()!.path, { force: true });
    this.#count = entries.length + 1;
  }
}

/** Builds a FileSystemCache from a Cache config (`dir`, `threshold`). */
export function createFileSystemBackend(config: CacheConfig): FileSystemCache {
  if (!config.dir) throw new TypeError('Cache config: dir is required for FileSystemCache (the cache directory)');
  return new FileSystemCache({ dir: config.dir, threshold: config.threshold ?? 500 });
}
