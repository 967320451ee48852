import type { MemoizeKeyParts, MemoizeKeySpec } from '../keys/memoize-key.js';
import { emitOutcome } from './call-path.js';
import type { MemoizeOptions } from './options.js';
import { cacheOf, memoizeKeyPartsOf, type DecoratedState } from './state.js';

/** Returned by {@link inProcessHit} when the call needs the full path. */
export const UNANSWERED: unique symbol = Symbol('decocache.unanswered');

/** Whether calls of a memoized function may be answered by {@link inProcessHit}: no option needs a callback first. */
export function answersInProcess(options: MemoizeOptions): boolean {
  return !options.unless && !options.forcedUpdate && !options.isStale;
}

/**
 * A hit answered synchronously from an in-process backend: versions and entry are read in place,
 * with no promise between the call and the value. Anything else (a miss, a remote backend, a
 * key that cannot be built, a value that cannot be decoded) is left to the full path, which
 * builds the key again and reports errors the usual way; a miss runs the function anyway, so the
 * second key building is lost in it.
 */
export function inProcessHit(state: DecoratedState<MemoizeOptions>, spec: MemoizeKeySpec, self: unknown, args: unknown[]): unknown {
  const cache = cacheOf(state);
  const read = cache.internals.read;
  if (read === undefined) return UNANSWERED;
  try {
    const parts = memoizeKeyPartsOf(cache, state, spec, self, args);
    const now = Date.now();
    // Every memoized call has a function version and, for instance methods, an instance version.
    const instanceKey = parts.versionKeys[1];
    const version = read(parts.versionKeys[0]!, now);
    if (typeof version !== 'string') return UNANSWERED;
    const instanceVersion = instanceKey === undefined ? '' : read(instanceKey, now);
    if (typeof instanceVersion !== 'string') return UNANSWERED;
    const key = entryKey(parts, version, instanceVersion);
    const value = read(key, now);
    if (value === undefined || value === null) return UNANSWERED;
    emitOutcome(cache, true, state, key);
    return value;
  } catch {
    return UNANSWERED;
  }
}

/** `hash + versions`, reusing the string built last time for the same versions (a flat, hashed Map key). */
function entryKey(parts: MemoizeKeyParts, version: string, instanceVersion: string): string {
  const remembered = parts.remembered;
  if (remembered === undefined) return parts.hash + version + instanceVersion;
  if (remembered.key === undefined || remembered.version !== version || remembered.instanceVersion !== instanceVersion) {
    remembered.version = version;
    remembered.instanceVersion = instanceVersion;
    remembered.key = parts.hash + version + instanceVersion;
  }
  return remembered.key;
}
