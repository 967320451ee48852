import type { IncomingHttpHeaders } from 'node:http';
import { SetMetadata, type CustomDecorator } from '@nestjs/common';
import { checkViewOptions, type ViewCacheOptions } from '../view-cache.js';

/** What `@CacheView` callbacks (`unless`, `forcedUpdate`, `isStale`, a `keyPrefix` function) get: the Express or Fastify request. */
export interface CacheViewRequest {
  /** HTTP method, upper case. */
  method: string;
  /** The request URL: path and query string. */
  url: string;
  /** Request headers, lower-case names. */
  headers: IncomingHttpHeaders;
}

/** Options of `@CacheView`: those of Express's `cachedView`, with the request typed for both platforms. */
export type CacheViewOptions = ViewCacheOptions<CacheViewRequest>;

/** The metadata key `@CacheView` stores its options under, read by `CacheViewInterceptor`. */
export const CACHE_VIEW_OPTIONS = 'decocache:cache-view';

/**
 * Caches the GET responses of a route (or of every route of a controller) through
 * `CacheViewInterceptor`, under the view key of the request path (`view/<path>`), as Express's
 * `cachedView` does. Options are checked here, so a typo fails when the class is defined.
 *
 * @example
 * @Get('posts')
 * @CacheView({ timeout: 60, queryString: true })
 * listPosts() { ... }
 */
export function CacheView(options: CacheViewOptions = {}): CustomDecorator<string> {
  return SetMetadata(CACHE_VIEW_OPTIONS, checkViewOptions(options, '@CacheView()'));
}
