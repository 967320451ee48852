import 'reflect-metadata';
import type { Cache } from '../cache.js';
import { getDefaultCache } from '../default-cache.js';
import { memoizeKeyParts, type MemoizeKeyParts, type MemoizeKeySpec } from '../keys/memoize-key.js';
import { readParams, type ParamInfo } from '../keys/params.js';
import type { FunctionProbe } from '../observe/probe.js';
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
  /** The cache bound by `cache.memoize()`, else undefined (default cache at call time). */
  readonly boundCache: Cache | undefined;
  /** Current timeout in seconds (read/write through `fn.cacheTimeout`). */
  timeout: number | undefined;
  /** Parameters read from the source, for defaults and argsToIgnore. */
  readonly params: ParamInfo[];
  /** `namespace.Class.method`, resolved on first use. */
  fname: string | undefined;
  /** How memoize keys of this function are built (memoize only). */
  spec?: MemoizeKeySpec;
  /** Its outcome counters in the cache it last ran in (see probeOf). */
  probe: FunctionProbe | undefined;
}

/** Reflect-metadata keys under which the state is stored on the wrapper. */
export const METADATA_KEYS = { memoize: 'decocache:memoize', cached: 'decocache:cached' } as const;

const states = new WeakMap<AnyFunction, DecoratedState>();
const owners = new Map<string, unknown>();
const WARNED = Symbol('warned');

/** Records a new decorated function (state and reflect-metadata). */
export function registerState(state: DecoratedState): void {
  states.set(state.wrapper, state);
  Reflect.defineMetadata(METADATA_KEYS[state.kind], state, state.wrapper);
}

/** The state of a decorated function, or `undefined` for anything else. */
export function stateOf(fn: unknown): DecoratedState | undefined {
  return typeof fn === 'function' ? states.get(fn as AnyFunction) : undefined;
}

/** The cache a decorated function uses right now. */
export function cacheOf(state: DecoratedState): Cache {
  return state.options.cache ?? state.boundCache ?? getDefaultCache();
}

/** Reads parameters once, at decoration. */
export function paramsOf(fn: AnyFunction): ParamInfo[] {
  try {
    return readParams(fn);
  } catch {
    return [];
  }
}

/**
 * Finds the class that declares a method by walking from an instance (or a class, for statics)
 * to the prototype that owns the wrapper: inherited methods key by the declaring class.
 */
export function resolveOwner(state: DecoratedState, self: unknown): void {
  if (state.owner || self === null || (typeof self !== 'object' && typeof self !== 'function')) return;
  if (state.placement === 'static') {
    let klass: unknown = self;
    while (typeof klass === 'function' && !(Object.hasOwn(klass, state.name) && (klass as unknown as Record<string, unknown>)[state.name] === state.wrapper)) {
      klass = Object.getPrototypeOf(klass);
    }
    state.owner = (typeof klass === 'function' ? klass : self) as DecoratedState['owner'];
    return;
  }
  let proto: object | null = Object.getPrototypeOf(self);
  while (proto && !(Object.hasOwn(proto, state.name) && (proto as Record<string, unknown>)[state.name] === state.wrapper)) {
    proto = Object.getPrototypeOf(proto);
  }
  const ctor = (proto ?? Object.getPrototypeOf(self))?.constructor;
  if (typeof ctor === 'function') state.owner = ctor as DecoratedState['owner'];
}

/**
 * `[namespace.]Class.method` for methods, `[namespace.]name` for functions. Throws when a method's
 * class is not known yet (no instance constructed, nothing called) and no namespace pins it.
 */
export function fnameOf(state: DecoratedState): string {
  if (state.fname !== undefined) return state.fname;
  const ns = state.options.namespace ? `${state.options.namespace}.` : '';
  let fname: string;
  if (state.placement === 'function') fname = ns + state.name;
  else {
    if (!state.owner) {
      throw new TypeError(
        `the class of method "${state.name}" is not known yet: construct an instance or call the method once before deleting its entries`,
      );
    }
    fname = `${ns}${state.owner.name}.${state.name}`;
  }
  const previous = owners.get(fname);
  if (previous !== undefined && previous !== WARNED && previous !== (state.owner ?? state.original)) {
    process.emitWarning(`decocache: two different functions use the cache name "${fname}"; give one a namespace option`, 'DecocacheWarning');
    owners.set(fname, WARNED);
  } else if (previous === undefined) owners.set(fname, state.owner ?? state.original);
  state.fname = fname;
  return fname;
}

/** The function source when source checking is on (decorator option, else the cache's config). */
export function sourceOf(state: DecoratedState, cache: Cache): string | undefined {
  const on = state.options.sourceCheck ?? cache.config.sourceCheck ?? false;
  return on ? Function.prototype.toString.call(state.original) : undefined;
}

/** The version-independent key parts of one call of a memoized function, with the cache's defaults. */
export function memoizeKeyPartsOf(cache: Cache, state: DecoratedState, spec: MemoizeKeySpec, self: unknown, args: readonly unknown[]): MemoizeKeyParts {
  if (state.placement !== 'function') resolveOwner(state, self);
  return memoizeKeyParts(spec, fnameOf(state), state.options.hashMethod ?? cache.hashMethod, self, args, sourceOf(state, cache));
}
