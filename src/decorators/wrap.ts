import type { Cache } from '../cache.js';
import { checkTimeout } from '../timeout.js';
import type { CachedOptions, MemoizeOptions } from './options.js';
import { paramsOf, registerState, resolveOwner, type AnyFunction, type DecoratedState, type Placement } from './state.js';

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
 * Checks what is being decorated and builds its state: only public, named methods and named
 * functions (or anonymous ones given a namespace or makeName) can be cached.
 */
export function describeTarget<O extends MemoizeOptions | CachedOptions>(
  kind: 'memoize' | 'cached',
  target: unknown,
  context: unknown,
  options: O,
  boundCache: Cache | undefined,
): DecoratedState<O> {
  const label = kind === 'memoize' ? '@Memoize / memoize()' : '@Cached / cached()';
  // The context is checked first: a field decorator gets `undefined` as target, and the error
  // should say fields are not supported rather than "got undefined".
  if (context !== undefined) {
    if (!isDecoratorContext(context)) throw new TypeError(`${label}: the second argument must be a decorator context`);
    if (context.kind !== 'method') throw new TypeError(`${label} decorates methods only, not ${context.kind}s`);
  }
  if (typeof target !== 'function') throw new TypeError(`${label} decorates functions and methods, got ${typeof target}`);
  let placement: Placement = 'function';
  let name = target.name;
  if (isDecoratorContext(context)) {
    if (context.private) throw new TypeError(`${label} cannot decorate private methods (#${String(context.name).replace(/^#/, '')}): their entries could never be deleted from outside`);
    if (typeof context.name === 'symbol') throw new TypeError(`${label} cannot decorate symbol-named methods: keys need a stable name`);
    placement = context.static ? 'static' : 'method';
    name = context.name;
  } else if (!name) {
    const opts = options as MemoizeOptions;
    if (!opts.namespace && !opts.makeName) throw new TypeError(`${label}: anonymous functions need a namespace or makeName option to name their keys`);
    name = 'anonymous';
  }
  return {
    kind,
    original: target as AnyFunction,
    wrapper: target as AnyFunction,
    name,
    placement,
    owner: undefined,
    options,
    boundCache,
    timeout: options.timeout,
    params: paramsOf(target as AnyFunction),
    fname: undefined,
    probe: undefined,
  };
}

/**
 * Installs the wrapper: registers the state, learns the declaring class from the decorator
 * context (statics at once, instance methods at construction) and adds the shared properties.
 */
export function finishWrapper(state: DecoratedState, wrapper: AnyFunction, context: unknown): void {
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
  registerState(state);
  if (isDecoratorContext(context)) {
    context.addInitializer(function (this: unknown) {
      resolveOwner(state, this);
    });
  }
}
