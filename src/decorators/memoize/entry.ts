import type { CallDeadline } from '../../call-deadline.js';
import type { MemoizeKeyParts } from '../../keys/memoize-key.js';
import type { InPlaceRead as InPlaceReader } from '../../codec/in-place-read.js';
import type { DecoratorHost } from '../host.js';
import { hintAfterTouch, hostState } from '../host-state.js';
import { entryKey } from './key.js';
import { readVersions, settleVersions, toVersions, versionValues, type VersionRead } from './versions.js';

/** The outcome of reading one memoized entry. */
export interface EntryRead {
  /** The entry key under the versions read. */
  key: string;
  /** The versions the key was built from (kept alive when the entry is stored). */
  versions: VersionRead[];
  found: boolean;
  value: unknown;
}

/** What the in-place read returns when it cannot answer (a miss, or anything unusual). */
export const UNANSWERED: unique symbol = Symbol('decocache.unanswered');

/** An entry read in place: its key, the stored value (`undefined` on a miss) and the versions it is under. */
export interface InPlaceRead {
  key: string;
  value: unknown;
  version: string;
  instanceVersion: string;
}

/**
 * The in-place read, for backends that answer synchronously: versions and entry are read with no
 * promise between the call and the value. A missing version, or a value that cannot be decoded,
 * returns UNANSWERED and the caller takes the round trip, which mints versions and reports.
 */
export function readInPlace(read: InPlaceReader, parts: MemoizeKeyParts): InPlaceRead | typeof UNANSWERED {
  try {
    const now = Date.now();
    // Every memoized call has a function version and, for instance methods, an instance version.
    const version = read(parts.versionKeys[0]!, now);
    if (typeof version !== 'string') return UNANSWERED;
    const instanceKey = parts.versionKeys[1];
    const instanceVersion = instanceKey === undefined ? '' : read(instanceKey, now);
    if (typeof instanceVersion !== 'string') return UNANSWERED;
    const key = entryKey(parts, version, instanceVersion);
    const value = read(key, now);
    return { key, value: value === null ? undefined : value, version, instanceVersion };
  } catch {
    return UNANSWERED;
  }
}

/** The read a miss found in place is, as the round trip would have returned it: the entry's key and the versions to keep alive with it. */
export function missedInPlace(parts: MemoizeKeyParts, read: InPlaceRead): EntryRead {
  const versions: VersionRead[] = [{ key: parts.versionKeys[0]!, value: read.version, created: false }];
  if (parts.versionKeys.length > 1) versions.push({ key: parts.versionKeys[1]!, value: read.instanceVersion, created: false });
  return { key: read.key, versions, found: false, value: undefined };
}

/**
 * The round-trip read. With remembered versions it asks for versions and entry in one `getMany`
 * and trusts the entry only when the versions read are the ones its key was built from;
 * otherwise, or on a first call, it reads (and mints) versions first, then the entry. The first
 * backend call is bounded by the guard from the moment it is made; `deadline` bounds whatever
 * follows it, so the whole read answers within one operationTimeout and a hit pays for one bound.
 */
export async function readRoundTrip(host: DecoratorHost, parts: MemoizeKeyParts, cacheNone: boolean, timeout: number | undefined, deadline: CallDeadline): Promise<EntryRead> {
  const { versionKeys } = parts;
  const hints = hostState(host).versionHints;
  const hinted = hints.get(versionKeys[0]!);
  const hintedInstance = versionKeys.length > 1 ? hints.get(versionKeys[1]!) : '';
  if (hinted !== undefined && hintedInstance !== undefined) {
    const guess = entryKey(parts, hinted, hintedInstance);
    const values = await host.getMany(...versionKeys, guess);
    const versions = toVersions(versionKeys, values);
    if (values[0] === hinted && (versionKeys.length === 1 || values[1] === hintedInstance)) {
      const value = values[versionKeys.length];
      // A hit returns a plain object: handing back finish()'s promise would cost two more ticks.
      if (value !== undefined && value !== null) return { key: guess, versions, found: true, value };
      return await deadline.bound(finish(host, guess, versions, value, cacheNone));
    }
    return await deadline.bound(readUnder(host, parts, versions, cacheNone, timeout));
  }
  const versions = toVersions(versionKeys, await host.getMany(...versionKeys));
  return await deadline.bound(readUnder(host, parts, versions, cacheNone, timeout));
}

/** Settles the versions read (minting missing ones), then reads the entry under them. */
async function readUnder(host: DecoratorHost, parts: MemoizeKeyParts, versions: VersionRead[], cacheNone: boolean, timeout: number | undefined): Promise<EntryRead> {
  const allNew = await settleVersions(host, versions, timeout);
  const key = entryKey(parts, ...versionValues(versions));
  if (allNew) return { key, versions, found: false, value: undefined };
  return await finish(host, key, versions, await host.get(key), cacheNone);
}

/** The read of a forced update: versions only (minted when missing); the entry is never read. */
export async function readForUpdate(host: DecoratorHost, parts: MemoizeKeyParts, timeout: number | undefined): Promise<EntryRead> {
  const versions = await readVersions(host, parts.versionKeys, timeout);
  return { key: entryKey(parts, ...versionValues(versions)), versions, found: false, value: undefined };
}

async function finish(host: DecoratorHost, key: string, versions: VersionRead[], value: unknown, cacheNone: boolean): Promise<EntryRead> {
  if (value !== undefined && value !== null) return { key, versions, found: true, value };
  const found = cacheNone && (await host.has(key));
  return { key, versions, found, value };
}

/**
 * Writes a fresh entry and keeps its versions alive at least as long: versions are extended,
 * never rewritten, so a concurrent deleteMemoized is never undone; if a version vanished in
 * between, the entry is simply unreachable.
 */
export async function storeEntry(host: DecoratorHost, read: EntryRead, value: unknown, timeout: number | undefined): Promise<void> {
  const [, ...kept] = await Promise.all([host.set(read.key, value, timeout), ...read.versions.map((v) => host.touch(v.key, timeout))]);
  const state = hostState(host);
  read.versions.forEach((v, i) => hintAfterTouch(state, v.key, v.value, kept[i] === true));
}
