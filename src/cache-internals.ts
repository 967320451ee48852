import type { InProcessRead } from './in-process-read.js';

/** Per-cache state the decorators share: last seen version values and in-flight computations. */
export interface CacheInternals {
  /** Last version value read per version key, to read versions and entry in one round trip. */
  readonly versionHints: Map<string, string>;
  /** Computations in progress, by function name (or `view`), then argument hash or view key (single-flight). */
  readonly inflight: Map<string, Map<string, Promise<unknown>>>;
  /** Method names already warned about process-local identities. */
  readonly warnedIdentity: Set<string>;
  /** The synchronous read of an in-process backend (the decorators' hit path), else undefined. */
  read: InProcessRead | undefined;
}

/** Empty internals for a new Cache. */
export function newCacheInternals(): CacheInternals {
  return { versionHints: new Map(), inflight: new Map(), warnedIdentity: new Set(), read: undefined };
}
