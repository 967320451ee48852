export { DecocacheModule, type DecocacheAsyncOptions } from './module.js';
export { CacheView, CACHE_VIEW_OPTIONS, type CacheViewOptions, type CacheViewRequest } from './cache-view.js';
export { CacheViewInterceptor } from './interceptor.js';
export { deleteCachedView, type DeleteViewTarget, type ViewResponse } from '../view-cache.js';
