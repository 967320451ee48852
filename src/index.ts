export { Cache } from './cache.js';
export { setDefaultCache, getDefaultCache } from './default-cache.js';
export type { CacheConfig, BackendName, HashMethod, Logger, HostPort, CircuitBreakerOptions, LocalTierOptions, BusOption } from './types.js';
export type { Backend, CommitGate } from './backends/backend.js';
export { BaseBackend } from './backends/backend.js';
export { globToRegExp } from './backends/glob.js';
export { NullBackend, NullBackend as NullCache } from './backends/null.js';
export { SimpleBackend, SimpleBackend as SimpleCache, type SimpleBackendOptions } from './backends/simple.js';
export { FileSystemCache, type FileSystemCacheOptions } from './backends/filesystem.js';
export { defaultSerializer, type Serializer } from './codec/serializer.js';
export {
  CacheError,
  BackendError,
  OperationTimeoutError,
  CircuitOpenError,
  ValueTooLargeError,
  NotSupportedError,
  NotAnIntegerError,
  BackendReplyError,
  type CacheErrorCode,
} from './errors.js';
export type { CacheEvent, CacheErrorEvent, CacheEventMap, CacheEvents } from './events.js';
export type { CacheStats, FunctionStats } from './observe/outcomes.js';
export { repr, reprArgs } from './keys/repr.js';
export { cacheIdentity, type CacheIdentifiable } from './keys/identity.js';
export { makeTemplateFragmentKey, queryPairs, type QueryArgs, type FragmentPart } from './keys/view-key.js';
export { functionVersionKey, instanceVersionKey } from './keys/memoize-key.js';
export { CachedResponse } from './cached-response.js';
export { runWithRequest, currentRequest, type RequestInfo } from './request-context.js';
export { Memoize, Cached, deleteMemoized, deleteMemoizedInstance, deleteMemoizedVerhash, deleteCached } from './decorators/default-decorators.js';
export { DeleteMemoized } from './decorators/delete-memoized-decorator.js';
export type { MemoizeOptions, CachedOptions, CommonOptions, Signature, AnySignature, ArgsOf, ResultOf, ThisOf } from './decorators/options.js';
export type { MemoizeDecorator, CachedDecorator, MemoizedFunction, CachedFunction, DecoratedMembers, AsyncMethod, DeleteArgs, DeleteMethodArgs } from './decorators/types.js';
export { memoized, cachedFunction } from './decorators/members.js';
export type { DeleteMemoizedDecorator } from './decorators/delete-memoized-decorator.js';
export type { ViewTarget } from './decorators/cached/key.js';
export type { DecoratorHost, DecoratedErrorEvent } from './decorators/host.js';
