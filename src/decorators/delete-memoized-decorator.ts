import { messageOf } from '../errors.js';
import { hostOf, type AnyFunction } from './decorated.js';
import { applicationOf, decorated } from './target.js';
import { hostFor } from './default-decorators.js';
import { deleteMemoizedIn } from './memoize/invalidate.js';
import { stateOf } from './metadata.js';

/**
 * What `DeleteMemoized(...)` returns: a Stage-3 method decorator, and under
 * `experimentalDecorators` a legacy one. The writer may take more parameters than `argsFor`
 * reads (`(self, id) => [self, id]` on `update(id, patch)`), so its parameters only have to
 * start with argsFor's.
 */
export interface DeleteMemoizedDecorator<This, Args extends unknown[]> {
  <A extends [...Args, ...unknown[]], R>(
    method: (this: This, ...args: A) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>>,
  ): (this: This, ...args: A) => Promise<R>;
  /** The legacy form: `(prototypeOrClass, methodName, descriptor)`. */
  <A extends [...Args, ...unknown[]], R>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<(this: This, ...args: A) => Promise<R>>,
  ): TypedPropertyDescriptor<(this: This, ...args: A) => Promise<R>>;
}

/**
 * Invalidates memoized entries after the decorated writer resolves (not when it throws).
 * `target` returns the memoized function; `argsFor` maps the writer's `this` and arguments to
 * the entry to delete (`[self, id]`); without it every entry of the target is invalidated.
 *
 * @example
 * @DeleteMemoized(() => UserService.prototype.getUser, (self, id: number) => [self, id])
 * async updateUser(id: number, patch: Patch) { ... }
 */
export function DeleteMemoized<This, Args extends unknown[]>(
  target: () => unknown,
  argsFor?: (self: This, ...args: Args) => readonly unknown[],
): DeleteMemoizedDecorator<This, Args> {
  if (typeof target !== 'function') throw new TypeError('DeleteMemoized(): the first argument must be a function returning the memoized function');
  if (argsFor !== undefined && typeof argsFor !== 'function') throw new TypeError('DeleteMemoized(): argsFor must be a function');
  function deleteMemoizedDecorator(method: unknown, context: unknown, descriptor?: unknown): unknown {
    const application = applicationOf('DeleteMemoized', method, context, descriptor);
    const writer = application.fn;
    if (application.form === 'function' || typeof writer !== 'function') throw new TypeError('DeleteMemoized decorates methods only');
    const name = String(application.form === 'stage3' ? application.context.name : application.key);
    const invalidating = async function invalidating(this: This, ...args: unknown[]): Promise<unknown> {
      const result: unknown = await writer.apply(this, args);
      const fn = target();
      const deleteArgs = argsFor ? argsFor(this, ...(args as Args)) : [];
      try {
        await deleteMemoizedIn(hostFor(fn), fn, deleteArgs);
      } catch (error) {
        const state = stateOf(fn);
        if (!state || error instanceof TypeError) throw error;
        // The write happened; a failed invalidation is reported, like any cache error.
        hostOf(state).reportError(new Error(`DeleteMemoized after ${name}: ${messageOf(error)}`, { cause: error }), { kind: 'memoize' });
      }
      return result;
    };
    return decorated(application, invalidating as AnyFunction);
  }
  return deleteMemoizedDecorator as DeleteMemoizedDecorator<This, Args>;
}
