import { messageOf } from '../errors.js';
import { hostOf } from './decorated.js';
import { deleteMemoized } from './default-decorators.js';
import { stateOf } from './metadata.js';

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
) {
  if (typeof target !== 'function') throw new TypeError('DeleteMemoized(): the first argument must be a function returning the memoized function');
  if (argsFor !== undefined && typeof argsFor !== 'function') throw new TypeError('DeleteMemoized(): argsFor must be a function');
  // The writer may take more parameters than argsFor reads (`(self, id) => [self, id]` on
  // `update(id, patch)`), so its parameters only have to start with argsFor's.
  return function deleteMemoizedDecorator<A extends [...Args, ...unknown[]], R>(
    method: (this: This, ...args: A) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>>,
  ): (this: This, ...args: A) => Promise<R> {
    if (context.kind !== 'method') throw new TypeError('DeleteMemoized decorates methods only');
    return async function invalidating(this: This, ...args: A): Promise<R> {
      const result = await method.apply(this, args);
      const fn = target();
      const deleteArgs = argsFor ? argsFor(this, ...(args as unknown[] as Args)) : [];
      try {
        await deleteMemoized(fn, ...deleteArgs);
      } catch (error) {
        const state = stateOf(fn);
        if (!state || error instanceof TypeError) throw error;
        // The write happened; a failed invalidation is reported, like any cache error.
        hostOf(state).reportError(new Error(`DeleteMemoized after ${String(context.name)}: ${messageOf(error)}`, { cause: error }), { kind: 'memoize' });
      }
      return result;
    };
  };
}
