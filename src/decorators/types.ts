/** Members every memoized or cached function carries. */
export interface DecoratedMembers<This, Args extends unknown[], R> {
  /** The undecorated function. */
  readonly uncached: (this: This, ...args: Args) => Promise<R>;
  /** Seconds results are kept; assign to change it for later stores. */
  cacheTimeout: number | undefined;
  /** The cache key a call with these arguments uses now (`thisArg`: the instance, the class for statics). */
  makeCacheKey(thisArg: This, ...args: Args): Promise<string>;
}

/** A memoized function or method: the function plus `uncached`, `cacheTimeout`, `makeCacheKey`, `deleteMemoized`. */
export type MemoizedFunction<This, Args extends unknown[], R> = ((this: This, ...args: Args) => Promise<R>) &
  DecoratedMembers<This, Args, R> & {
    /** Invalidates every entry of the function, all instances included (like `deleteMemoized(fn)`). */
    deleteMemoized(): Promise<boolean>;
  };

/** A cached view or function: the function plus `uncached`, `cacheTimeout`, `makeCacheKey`. */
export type CachedFunction<This, Args extends unknown[], R> = ((this: This, ...args: Args) => Promise<R>) & DecoratedMembers<This, Args, R>;

/** Any async method, as a legacy (`experimentalDecorators`) method decorator sees it. */
export type AsyncMethod = (...args: never[]) => Promise<unknown>;

/**
 * What `memoize(options)` returns: a Stage-3 method decorator that also wraps plain async
 * functions, and under `experimentalDecorators` a legacy method decorator with the same keys.
 * Targets must return a Promise; fields, accessors and sync methods do not compile.
 */
export interface MemoizeDecorator {
  <This, Args extends unknown[], R>(
    target: (this: This, ...args: Args) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Promise<R>>,
  ): MemoizedFunction<This, Args, R>;
  // `context?: undefined` keeps getters from matching this overload as if they were functions.
  <Args extends unknown[], R>(fn: (...args: Args) => Promise<R>, context?: undefined): MemoizedFunction<unknown, Args, R>;
  /** The legacy form: `(prototypeOrClass, methodName, descriptor)`. */
  <T extends AsyncMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

/**
 * What `cached(options)` returns: a Stage-3 method decorator that also wraps plain async
 * functions, and under `experimentalDecorators` a legacy method decorator.
 */
export interface CachedDecorator {
  <This, Args extends unknown[], R>(
    target: (this: This, ...args: Args) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Promise<R>>,
  ): CachedFunction<This, Args, R>;
  <Args extends unknown[], R>(fn: (...args: Args) => Promise<R>, context?: undefined): CachedFunction<unknown, Args, R>;
  /** The legacy form: `(prototypeOrClass, methodName, descriptor)`. */
  <T extends AsyncMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

/** The arguments `deleteMemoized(fn, ...args)` takes after `fn`: none (every entry) or one call's. */
export type DeleteArgs<Args extends unknown[]> = [] | Args;

/**
 * The arguments after a decorated method in `deleteMemoized(method, ...args)`: none (every entry)
 * or one call's, the instance first (for a static method, the class).
 */
export type DeleteMethodArgs<Args extends unknown[]> = [] | [self: object, ...args: Args];
