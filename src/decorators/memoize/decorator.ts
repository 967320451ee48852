import { ignoredIndexes } from '../../keys/memoize-key.js';
import { hostOf, type AnyFunction, type MemoizedState } from '../decorated.js';
import type { DecoratorHost } from '../host.js';
import { validateOptions, type MemoizeOptions } from '../options.js';
import { applicationOf, decorated, describeTarget, finishWrapper } from '../target.js';
import type { MemoizeDecorator } from '../types.js';
import { callMemoized } from './call.js';
import { currentKey, resetVersion } from './invalidate.js';

/**
 * Builds the memoize decorator for `options`; `boundHost` is set by `cache.memoize()`, and
 * without it the cache is `options.cache` or the default cache, looked up at call time.
 */
export function createMemoize(rawOptions: MemoizeOptions | undefined, boundHost: DecoratorHost | undefined): MemoizeDecorator {
  const options = validateOptions<MemoizeOptions>(rawOptions, 'memoize');
  function memoizeDecorator(target: unknown, context?: unknown, descriptor?: unknown): unknown {
    const application = applicationOf('@Memoize / memoize()', target, context, descriptor);
    const fields = describeTarget('memoize', application, options, boundHost);
    const label = fields.placement === 'function' ? fields.name : `method ${fields.name}`;
    const state: MemoizedState = {
      ...fields,
      kind: 'memoize',
      spec: {
        placement: fields.placement,
        params: fields.params,
        ...ignoredIndexes(options.argsToIgnore, fields.params, label),
        makeName: options.makeName,
      },
      inPlace: !options.unless && !options.forcedUpdate && !options.isStale,
      aged: Boolean(options.grace) || options.refreshAhead !== undefined,
    };
    const wrapper = function memoized(this: unknown, ...args: unknown[]): Promise<unknown> {
      return callMemoized(state, this, args);
    };
    finishWrapper(state, wrapper as AnyFunction, application);
    Object.defineProperty(wrapper, 'makeCacheKey', { value: (thisArg: unknown, ...args: unknown[]) => currentKey(hostOf(state), state, thisArg, args) });
    Object.defineProperty(wrapper, 'deleteMemoized', { value: () => resetVersion(hostOf(state), state, undefined) });
    return decorated(application, wrapper as AnyFunction);
  }
  return memoizeDecorator as MemoizeDecorator;
}
