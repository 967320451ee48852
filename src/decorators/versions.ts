import type { Cache } from '../cache.js';
import { newVersion } from '../keys/hash.js';

/** One version key as read for a call. */
export interface VersionRead {
  key: string;
  value: string;
  /** True while the key was missing and `value` is newly minted, until it is written. */
  created: boolean;
}

/** The outcome of reading versions and, when possible, the entry in the same round trip. */
export interface EntryRead {
  key: string;
  versions: VersionRead[];
  found: boolean;
  value: unknown;
}

const MAX_HINTS = 10_000;

/** Turns read version values into VersionReads, minting a version for each missing one. */
export function toVersions(keys: readonly string[], values: readonly unknown[]): VersionRead[] {
  return keys.map((key, i) => {
    const value = values[i];
    return typeof value === 'string' ? { key, value, created: false } : { key, value: newVersion(), created: true };
  });
}

/**
 * Writes minted versions at once with `add` (with the entry's timeout, so a version lives as
 * long as its newest entry), then reads them back, so concurrent first calls
 * (here or in another process) converge on one version even where `add` is not atomic.
 * Resolves whether every minted version is ours (then no entry can exist under them yet).
 */
async function settleVersions(cache: Cache, versions: VersionRead[], timeout: number | undefined): Promise<boolean> {
  const minted = versions.filter((v) => v.created);
  if (minted.length === 0) return false;
  await Promise.all(minted.map((v) => cache.add(v.key, v.value, timeout)));
  const stored = await cache.getMany(...minted.map((v) => v.key));
  let allOurs = true;
  minted.forEach((v, i) => {
    const value = stored[i];
    if (typeof value === 'string' && value !== v.value) {
      v.value = value;
      allOurs = false;
    }
    v.created = false;
  });
  return allOurs;
}

/** Remembers version values so the next call can read versions and entry together. */
export function rememberVersions(cache: Cache, versions: readonly VersionRead[]): void {
  const hints = cache.internals.versionHints;
  if (hints.size > MAX_HINTS) hints.clear();
  for (const v of versions) if (!v.created) hints.set(v.key, v.value);
}

/**
 * Reads the version keys and the entry. With remembered versions it asks for both in one
 * `getMany` and trusts the entry only when the versions it read are the ones the key was built
 * from; otherwise, or on a first call, it reads versions first, then the entry.
 */
export async function readEntry(cache: Cache, hash: string, versionKeys: readonly string[], cacheNone: boolean, timeout: number | undefined): Promise<EntryRead> {
  const hints = cache.internals.versionHints;
  let guess = hash;
  for (const k of versionKeys) {
    const hint = hints.get(k);
    if (hint === undefined) {
      guess = '';
      break;
    }
    guess += hint;
  }
  let versions: VersionRead[];
  if (guess !== '') {
    const values = await cache.getMany(...versionKeys, guess);
    versions = toVersions(versionKeys, values);
    // Against the key it read, not the hints now: an older read may have reset them meanwhile.
    if (versions.every((v) => !v.created) && guess === hash + versions.map((v) => v.value).join('')) {
      const value = values[versionKeys.length];
      // A hit returns a plain object: handing back finish()'s promise would cost two more ticks.
      if (value !== undefined && value !== null) return { key: guess, versions, found: true, value };
      return await finish(cache, guess, versions, value, cacheNone);
    }
  } else {
    versions = toVersions(versionKeys, await cache.getMany(...versionKeys));
  }
  const allNew = await settleVersions(cache, versions, timeout);
  rememberVersions(cache, versions);
  const key = hash + versions.map((v) => v.value).join('');
  if (allNew) return { key, versions, found: false, value: undefined };
  return await finish(cache, key, versions, await cache.get(key), cacheNone);
}

async function finish(cache: Cache, key: string, versions: VersionRead[], value: unknown, cacheNone: boolean): Promise<EntryRead> {
  if (value !== undefined && value !== null) return { key, versions, found: true, value };
  const found = cacheNone && (await cache.has(key));
  return { key, versions, found, value };
}

/** Reads versions only (forced updates and key building), minting and writing missing ones for `timeout` seconds. */
export async function readVersions(cache: Cache, versionKeys: readonly string[], timeout?: number): Promise<VersionRead[]> {
  const versions = toVersions(versionKeys, await cache.getMany(...versionKeys));
  await settleVersions(cache, versions, timeout);
  rememberVersions(cache, versions);
  return versions;
}

/**
 * Writes a fresh entry and keeps its versions alive at least as long: versions are extended,
 * never rewritten, so a concurrent deleteMemoized is never undone; if a version vanished in
 * between, the entry is simply unreachable.
 */
export async function storeEntry(cache: Cache, key: string, value: unknown, versions: readonly VersionRead[], timeout: number | undefined): Promise<void> {
  const hints = cache.internals.versionHints;
  const [, ...kept] = await Promise.all([
    cache.set(key, value, timeout),
    ...versions.map((v) => cache.touch(v.key, timeout)),
  ]);
  versions.forEach((v, i) => {
    if (kept[i]) hints.set(v.key, v.value);
    else hints.delete(v.key);
  });
}
