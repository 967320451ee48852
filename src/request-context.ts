import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryArgs } from './keys/view-key.js';

/** What `@Cached` needs to know about the request being served. */
export interface RequestInfo {
  /** The request path without the query string, e.g. `/users/1`. */
  path: string;
  /** The query arguments (repeated keys allowed). */
  query?: QueryArgs;
  /** HTTP method; `@Cached` only caches GET and HEAD inside a request. */
  method?: string;
  /** Set by `@Cached` with `responseHitIndication`: whether this response came from the cache. */
  hitCache?: boolean;
}

const storage = new AsyncLocalStorage<RequestInfo>();

/** Runs `fn` with `request` as the current request, for `@Cached` handlers called inside it. */
export function runWithRequest<T>(request: RequestInfo, fn: () => T): T {
  return storage.run(request, fn);
}

/** The request being served, or `undefined` outside one. */
export function currentRequest(): RequestInfo | undefined {
  return storage.getStore();
}
