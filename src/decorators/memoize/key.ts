import { memoizeKeyParts, type MemoizeKeyParts } from '../../keys/memoize-key.js';
import { sourceOf, type MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { hostState } from '../host-state.js';
import { fnameOf, resolveOwner } from '../naming.js';

/**
 * The version-independent key parts of one call, with the cache's defaults (hash method, source
 * check). Warns once per function when a process-local instance identity meets a shared backend.
 */
export function keyParts(host: DecoratorHost, state: MemoizedState, self: unknown, args: readonly unknown[]): MemoizeKeyParts {
  if (state.placement !== 'function') resolveOwner(state, self);
  const parts = memoizeKeyParts(state.spec, fnameOf(state), state.options.hashMethod ?? host.hashMethod, self, args, sourceOf(state, host));
  if (parts.localIdentity && !state.identityWarned && host.shared) {
    warnLocalIdentity(host, parts.fname);
    state.identityWarned = true;
  }
  return parts;
}

/**
 * `hash + version + instanceVersion`: the one place an entry key is built. A call remembered by
 * the args memo keeps the string built last time for the same versions, so a hit hashes no new
 * string.
 */
export function entryKey(parts: MemoizeKeyParts, version: string, instanceVersion: string): string {
  const remembered = parts.remembered;
  if (remembered === undefined) return parts.hash + version + instanceVersion;
  if (remembered.key === undefined || remembered.version !== version || remembered.instanceVersion !== instanceVersion) {
    remembered.version = version;
    remembered.instanceVersion = instanceVersion;
    remembered.key = parts.hash + version + instanceVersion;
  }
  return remembered.key;
}

function warnLocalIdentity(host: DecoratorHost, fname: string): void {
  const warned = hostState(host).warnedIdentity;
  if (warned.has(fname)) return;
  warned.add(fname);
  host.logger.warn(
    `decocache: ${fname} is memoized per instance on a shared backend, but its class has no [cacheIdentity]() method, ` +
      'so entries are private to this process; define [cacheIdentity]() to share them',
  );
}
