import type { MemoizeKeySpec } from '../keys/memoize-key.js';
import type { ParamInfo } from '../keys/params.js';
import type { FunctionProbe } from '../observe/probe.js';
import { defaultHost, type DecoratorHost } from './host.js';
import type { CachedOptions, MemoizeOptions } from './options.js';

/** Any function decocache can wrap. */
export type AnyFunction = (this: never, ...args: never[]) => unknown;

/** How a decorated function was declared. */
export type Placement = 'function' | 'method' | 'static';

/** Everything decocache knows about one decorated function; also its reflect-metadata value. */
export interface DecoratedState<O extends MemoizeOptions | CachedOptions = MemoizeOptions | CachedOptions> {
  /** `memoize` or `cached`. */
  readonly kind: 'memoize' | 'cached';
  /** The undecorated function. */
  readonly original: AnyFunction;
  /** The wrapper that replaced it. */
  wrapper: AnyFunction;
  /** The method or function name. */
  readonly name: string;
  /** Plain function, instance method or static method. */
  readonly placement: Placement;
  /** The class that declares the method, once known. */
  owner: (abstract new (...args: never[]) => unknown) | undefined;
  /** The decorator options. */
  readonly options: O;
  /** The cache bound by `cache.memoize()`, else undefined (the default cache at call time). */
  readonly boundHost: DecoratorHost | undefined;
  /** Current timeout in seconds (read/write through `fn.cacheTimeout`). */
  timeout: number | undefined;
  /** Parameters read from the source, for defaults and argsToIgnore. */
  readonly params: ParamInfo[];
  /** `[namespace.]Class.method`, resolved on first use. */
  fname: string | undefined;
  /** Where it was decorated, from the stack at decoration (see decoration-site.ts). */
  readonly site: string | undefined;
  /** Its outcome counters in the cache it last ran in (see probeOf). */
  probe: FunctionProbe | undefined;
}

/** A memoized function's state: how its keys are built, and whether hits may be answered in place. */
export interface MemoizedState extends DecoratedState<MemoizeOptions> {
  readonly kind: 'memoize';
  /** How keys of this function are built, fixed at decoration. */
  readonly spec: MemoizeKeySpec;
  /** No option needs a callback before the read, so a hit can be answered synchronously. */
  readonly inPlace: boolean;
  /** Entries are stored with their age (`grace` or `refreshAhead`), to tell fresh from stale. */
  readonly aged: boolean;
  /** The process-local identity warning was given (once per method, whatever its cache). */
  identityWarned?: boolean;
}

/** A cached view's state. */
export interface CachedState extends DecoratedState<CachedOptions> {
  readonly kind: 'cached';
  /** Entries are stored with their age (`grace` or `refreshAhead`), to tell fresh from stale. */
  readonly aged: boolean;
}

/** The cache a decorated function uses right now: its option, its bound cache, or the default. */
export function hostOf(state: DecoratedState): DecoratorHost {
  return state.options.cache ?? state.boundHost ?? defaultHost();
}

/** The function source when source checking is on (decorator option, else the cache's setting). */
export function sourceOf(state: DecoratedState, host: DecoratorHost): string | undefined {
  const on = state.options.sourceCheck ?? host.sourceCheck;
  return on ? Function.prototype.toString.call(state.original) : undefined;
}
