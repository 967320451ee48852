import { readParams, type ParamInfo } from '../keys/params.js';
import { checkTimeout } from '../timeout.js';
import type { AnyFunction, DecoratedState, Placement } from './decorated.js';
import type { DecoratorHost } from './host.js';
import { attachState } from './metadata.js';
import { fnameOf, resolveOwner } from './naming.js';
import { decorationSite } from './decoration-site.js';
import type { CachedOptions, MemoizeOptions } from './options.js';

/** The Stage-3 context of a method decorator, as far as decocache reads it. */
export interface MethodContext {
  kind: string;
  name: string | symbol;
  static: boolean;
  private: boolean;
  addInitializer(initializer: (this: unknown) => void): void;
}

/** Whether the second argument of a decorator call is a Stage-3 decorator context. */
export function isDecoratorContext(value: unknown): value is MethodContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'addInitializer' in value;
}

/**
 * How a decorator was applied: to a plain function (`memoize()(fn)`), as a TC39 Stage-3 method
 * decorator (`(method, context)`), or as a TypeScript legacy one under `experimentalDecorators`
 * (`(prototypeOrClass, key, descriptor)`), told apart by the arguments at run time.
 */
export type Application =
  | { form: 'function'; fn: unknown }
  | { form: 'stage3'; fn: unknown; context: MethodContext }
  | { form: 'legacy'; fn: unknown; holder: object; key: string | symbol; descriptor: PropertyDescriptor };

/** Reads the decorator call's arguments; misuse (fields, accessors, a stray second argument) throws TypeError. */
export function applicationOf(label: string, first: unknown, second: unknown, third: unknown): Application {
  if (second === undefined && third === undefined) return { form: 'function', fn: first };
  if (isDecoratorContext(second)) {
    if (second.kind !== 'method') throw new TypeError(`${label} decorates methods only, not ${second.kind}s`);
    return { form: 'stage3', fn: first, context: second };
  }
  if ((typeof second === 'string' || typeof second === 'symbol') && (typeof first === 'object' || typeof first === 'function') && first !== null) {
    // Legacy decorators: a field gets no descriptor, an accessor one without a value.
    if (typeof third !== 'object' || third === null) throw new TypeError(`${label} decorates methods only, not fields`);
    const descriptor = third as PropertyDescriptor;
    if (descriptor.get || descriptor.set) throw new TypeError(`${label} decorates methods only, not accessors`);
    return { form: 'legacy', fn: descriptor.value, holder: first, key: second, descriptor };
  }
  throw new TypeError(`${label}: the second argument must be a decorator context (or, with experimentalDecorators, a method name and descriptor)`);
}

/** What is being decorated, checked: the fields every decorated function's state starts with. */
export type TargetFields<O> = Omit<DecoratedState<O & (MemoizeOptions | CachedOptions)>, 'kind'>;

/**
 * Checks what is being decorated and describes it: only public, named methods and named
 * functions (or anonymous ones given a namespace or makeName) can be cached. A legacy decorator
 * knows its class at once; a Stage-3 one learns it at construction (statics: at definition).
 */
export function describeTarget<O extends MemoizeOptions | CachedOptions>(
  kind: 'memoize' | 'cached',
  application: Application,
  options: O,
  boundHost: DecoratorHost | undefined,
): TargetFields<O> {
  const label = kind === 'memoize' ? '@Memoize / memoize()' : '@Cached / cached()';
  const target = application.fn;
  if (typeof target !== 'function') throw new TypeError(`${label} decorates functions and methods, got ${typeof target}`);
  let placement: Placement = 'function';
  let name = target.name;
  let owner: DecoratedState['owner'];
  if (application.form === 'stage3') {
    const { context } = application;
    if (context.private) throw new TypeError(`${label} cannot decorate private methods (#${String(context.name).replace(/^#/, '')}): their entries could never be deleted from outside`);
    if (typeof context.name === 'symbol') throw new TypeError(`${label} cannot decorate symbol-named methods: keys need a stable name`);
    placement = context.static ? 'static' : 'method';
    name = context.name;
  } else if (application.form === 'legacy') {
    if (typeof application.key === 'symbol') throw new TypeError(`${label} cannot decorate symbol-named methods: keys need a stable name`);
    const { holder } = application;
    placement = typeof holder === 'function' ? 'static' : 'method';
    name = application.key;
    owner = (typeof holder === 'function' ? holder : holder.constructor) as DecoratedState['owner'];
  } else if (!name) {
    const opts = options as MemoizeOptions;
    if (!opts.namespace && !opts.makeName) {
      throw new TypeError(
        `${label}: anonymous functions need a namespace or makeName option to name their keys (a minifier drops function names: build with --keep-names to keep them)`,
      );
    }
    name = 'anonymous';
  }
  return {
    original: target as AnyFunction,
    wrapper: target as AnyFunction,
    name,
    placement,
    owner,
    options: options as O & (MemoizeOptions | CachedOptions),
    boundHost,
    timeout: options.timeout,
    params: paramsOf(target as AnyFunction),
    fname: undefined,
    // The decorator function calls describeTarget directly: the site starts below it.
    site: decorationSite(describeTarget),
    probe: undefined,
  };
}

/**
 * Installs the wrapper: names it, adds `uncached` and `cacheTimeout`, attaches the state as
 * metadata, and for Stage-3 methods learns the declaring class from the decorator context
 * (statics at class definition, instance methods at construction).
 */
export function finishWrapper(state: DecoratedState, wrapper: AnyFunction, application: Application): void {
  state.wrapper = wrapper;
  Object.defineProperty(wrapper, 'name', { value: state.name, configurable: true });
  Object.defineProperty(wrapper, 'uncached', { value: state.original, enumerable: true });
  Object.defineProperty(wrapper, 'cacheTimeout', {
    get: () => state.timeout,
    set: (value: unknown) => {
      // The same rule as the timeout option, so a value accepted here never fails every later store.
      checkTimeout(value, 'cacheTimeout');
      state.timeout = value as number | undefined;
    },
    enumerable: true,
  });
  attachState(state);
  // memoize claims its name at registration: at decoration for functions (and legacy methods, whose
  // class is known), at the first construction for Stage-3 instance methods, at first use for
  // Stage-3 statics (cached claims when a key needs it).
  if (application.form === 'stage3') {
    application.context.addInitializer(function (this: unknown) {
      resolveOwner(state, this);
      // A static method claims at first use: transpilers name a class only after its static
      // initializers ran (esbuild's --keep-names, and its `_C` binding of a self-referencing class).
      if (state.kind === 'memoize' && state.placement === 'method') fnameOf(state);
    });
  } else if (state.kind === 'memoize') fnameOf(state);
}

/** What the decorator returns: the wrapper, or for a legacy decorator the descriptor holding it. */
export function decorated(application: Application, wrapper: AnyFunction): unknown {
  return application.form === 'legacy' ? { ...application.descriptor, value: wrapper } : wrapper;
}

/** Parameters read once, at decoration; an unreadable source gives none. */
function paramsOf(fn: AnyFunction): ParamInfo[] {
  try {
    return readParams(fn);
  } catch {
    return [];
  }
}
