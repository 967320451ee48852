import type { Cache } from '../cache.js';
import { ignoredIndexes, type MemoizeKeySpec } from '../keys/memoize-key.js';
import { callMemoized } from './memoize-call.js';
import { answersInProcess, callInProcessFirst } from './memoize-hit.js';
import { memoizeKey, resetVersion } from './delete-memoized.js';
import { validateOptions, type MemoizeOptions } from './options.js';
import { cacheOf, type AnyFunction, type DecoratedState } from './state.js';
import type { MemoizeDecorator } from './types.js';
import { describeTarget, finishWrapper } from './wrap.js';

/**
 * Builds the memoize decorator for `options`; `boundCache` is set by `cache.memoize()`, and
 * without it the cache is `options.cache` or the default cache, looked up at call time.
 */
export function createMemoize(rawOptions: MemoizeOptions | undefined, boundCache: Cache | undefined): MemoizeDecorator {
  const options = validateOptions<MemoizeOptions>(rawOptions, 'memoize');
  function memoizeDecorator(target: unknown, context?: unknown): unknown {
    const state = describeTarget('memoize', target, context, options, boundCache);
    const label = state.placement === 'function' ? state.name : `method ${state.name}`;
    const spec: MemoizeKeySpec = {
      placement: state.placement,
      params: state.params,
      ...ignoredIndexes(options.argsToIgnore, state.params, label),
      makeName: options.makeName,
    };
    const inProcess = answersInProcess(options);
    const call = answersInProcess(options) ? callInProcessFirst : callMemoized;
    const wrapper = function memoized(this: unknown, ...args: unknown[]): Promise<unknown> {
      return call(state, spec, this, args);
    };
    finishWrapper(state, wrapper as AnyFunction, context);
    Object.defineProperty(wrapper, 'makeCacheKey', {
      value: (thisArg: unknown, ...args: unknown[]) => memoizeKey(cacheOf(state), state, thisArg, args),
    });
    Object.defineProperty(wrapper, 'deleteMemoized', { value: () => resetVersion(cacheOf(state), state as DecoratedState, undefined) });
    state.spec = spec;
    return wrapper;
  }
  return memoizeDecorator as MemoizeDecorator;
}
