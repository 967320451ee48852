import { newVersion } from '../../keys/hash.js';
import type { DecoratorHost } from '../host.js';
import { hostState, rememberHint } from '../host-state.js';

/** One version key as read for a call. */
export interface VersionRead {
  key: string;
  value: string;
  /** True while the key was missing and `value` is newly minted, until it is written. */
  created: boolean;
}

/** Turns read version values into VersionReads, minting a version for each missing one. */
export function toVersions(keys: readonly string[], values: readonly unknown[]): VersionRead[] {
  return keys.map((key, i) => {
    const value = values[i];
    return typeof value === 'string' ? { key, value, created: false } : { key, value: newVersion(), created: true };
  });
}

/** The version values of a read, as the entry key takes them (`''` when there is no instance version). */
export function versionValues(versions: readonly VersionRead[]): [string, string] {
  return [versions[0]!.value, versions[1]?.value ?? ''];
}

/**
 * Writes minted versions at once with `add` (with the entry's timeout, so a version lives as
 * long as its newest entry), then reads them back, so concurrent first calls (here or in another
 * process) converge on one version even where `add` is not atomic. Remembers the values read.
 * Resolves whether every minted version is ours (then no entry can exist under them yet).
 */
export async function settleVersions(host: DecoratorHost, versions: VersionRead[], timeout: number | undefined): Promise<boolean> {
  const minted = versions.filter((v) => v.created);
  let allOurs = minted.length > 0;
  if (minted.length > 0) {
    await Promise.all(minted.map((v) => host.add(v.key, v.value, timeout)));
    const stored = await host.getMany(...minted.map((v) => v.key));
    minted.forEach((v, i) => {
      const value = stored[i];
      if (typeof value === 'string' && value !== v.value) {
        v.value = value;
        allOurs = false;
      }
      v.created = false;
    });
  }
  const state = hostState(host);
  for (const v of versions) rememberHint(state, v.key, v.value);
  return allOurs;
}

/** Reads versions only (forced updates and key building), minting and writing missing ones for `timeout` seconds. */
export async function readVersions(host: DecoratorHost, versionKeys: readonly string[], timeout?: number): Promise<VersionRead[]> {
  const versions = toVersions(versionKeys, await host.getMany(...versionKeys));
  await settleVersions(host, versions, timeout);
  return versions;
}

/** Gives a version key a fresh value (every entry under the old one becomes unreachable). */
export async function bumpVersion(host: DecoratorHost, key: string): Promise<void> {
  const value = newVersion();
  await host.set(key, value);
  rememberHint(hostState(host), key, value);
}

/** Deletes a version key (Flask's delete_memoized_verhash); the next call mints a new one. */
export async function dropVersion(host: DecoratorHost, key: string): Promise<void> {
  hostState(host).versionHints.delete(key);
  await host.deleteMany(key);
}
