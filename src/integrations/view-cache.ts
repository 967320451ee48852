import { Buffer } from 'node:buffer';
import type { Cache } from '../cache.js';
import { viewKey, type QueryArgs } from '../keys/view-key.js';
import { describeValue } from '../errors.js';
import { checkTimeout } from '../timeout.js';
import type { HashMethod } from '../types.js';

/** A response as the view cache stores and replays it. */
export interface ViewResponse {
  /** HTTP status code. */
  status: number;
  /** Content headers (lower-case names); never `set-cookie`. */
  headers: Record<string, string | string[]>;
  /** The body: a string, or a Buffer for binary bodies. */
  body: string | Buffer;
}

/** Options of the Express and Fastify view caches; `Req` is the host's request type. */
export interface ViewCacheOptions<Req> {
  /** Seconds to keep a response (default the cache's `defaultTimeout`; `0` = forever). */
  timeout?: number;
  /** Key, with `%s` for the request path (default `'view/%s'`), or a function of the request. */
  keyPrefix?: string | ((req: Req) => string);
  /** Key on the sorted query arguments too: any order and repeated parameters give one key. */
  queryString?: boolean;
  /** Bypass the cache (no read, no write) when it returns `true`. */
  unless?: (req: Req) => boolean | Promise<boolean>;
  /** Skip the read, render and store when it returns `true`. */
  forcedUpdate?: (req: Req) => boolean | Promise<boolean>;
  /** On a hit, render again when it returns `true`. */
  isStale?: (cached: ViewResponse, req: Req) => boolean | Promise<boolean>;
  /** Store only when it returns truthy; replaces the default rule (status below 400). */
  responseFilter?: (response: ViewResponse) => unknown;
  /** Send the header `hit_cache: True` on responses served from the cache. */
  responseHitIndication?: boolean;
  /** Cache empty bodies too (by default an empty body, like Flask's `None`, is never stored). */
  cacheNone?: boolean;
  /** Digest of the query pairs; default the cache's `hashMethod`. */
  hashMethod?: HashMethod;
}

/** The JSON-friendly form in the cache: Buffers travel as base64. */
interface StoredView {
  s: number;
  h: Record<string, string | string[]>;
  b: string;
  b64?: 1;
}

// Per-connection or per-response headers: replaying them would leak one client's state to another.
const UNSTORED = new Set(['set-cookie', 'set-cookie2', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'hit_cache']);
const OPTION_NAMES = new Set(['timeout', 'keyPrefix', 'queryString', 'unless', 'forcedUpdate', 'isStale', 'responseFilter', 'responseHitIndication', 'cacheNone', 'hashMethod']);

/** Checks view options once, at setup, so a typo fails at boot instead of silently not caching. */
export function checkViewOptions<Req>(options: ViewCacheOptions<Req>, where: string): ViewCacheOptions<Req> {
  for (const [name, value] of Object.entries(options)) {
    if (!OPTION_NAMES.has(name)) throw new TypeError(`${where}: unknown option "${name}"`);
    if (value === undefined) continue;
    if (name === 'timeout') checkTimeout(value, 'timeout');
    else if (['unless', 'forcedUpdate', 'isStale', 'responseFilter'].includes(name) && typeof value !== 'function') {
      throw new TypeError(`${where}: option ${name} must be a function, got ${describeValue(value)}`);
    } else if (['queryString', 'responseHitIndication', 'cacheNone'].includes(name) && typeof value !== 'boolean') {
      throw new TypeError(`${where}: option ${name} must be a boolean, got ${describeValue(value)}`);
    }
  }
  return options;
}

/** Splits a raw request URL into the decoded path (Flask's `request.path`) and the raw query string. */
export function splitUrl(url: string): { path: string; query: string } {
  const mark = url.indexOf('?');
  const rawPath = mark === -1 ? url : url.slice(0, mark);
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape keeps the raw path: still a stable key, and the router decides on a 404.
  }
  return { path, query: mark === -1 ? '' : url.slice(mark + 1) };
}

/** The view key of a request, built exactly as `@Cached` builds it. */
function requestViewKey<Req>(cache: Cache, options: ViewCacheOptions<Req>, req: Req, path: string, query: QueryArgs): string {
  const prefix = options.keyPrefix;
  return viewKey({
    keyPrefix: typeof prefix === 'function' ? () => prefix(req) : prefix,
    path,
    queryString: options.queryString,
    query,
    hashMethod: options.hashMethod ?? cache.hashMethod,
  });
}

/** The name cached-view middleware outcomes count under in `cache.stats()` (paths would be too many names). */
const VIEW_OUTCOMES = 'view';

/** Reads a stored response; a backend error is reported and counts as a miss (fail open). */
async function readView<Req>(cache: Cache, options: ViewCacheOptions<Req>, key: string, req: Req): Promise<ViewResponse | undefined> {
  let response: ViewResponse | undefined;
  try {
    response = fromStored(await cache.get(key));
    if (response && options.isStale && (await options.isStale(response, req)) === true) response = undefined;
  } catch (error) {
    cache.reportError(error, { kind: 'cached', key }, VIEW_OUTCOMES);
    return undefined;
  }
  if (response) cache.outcomes.recordHit(VIEW_OUTCOMES, 'shared', key);
  else cache.outcomes.recordMiss(VIEW_OUTCOMES, key);
  cache.events.emit(response ? 'hit' : 'miss', { kind: 'cached', key });
  return response;
}

/** Whether a fresh response should be stored: the filter decides, else any status below 400. */
function shouldStoreView<Req>(options: ViewCacheOptions<Req>, response: ViewResponse): boolean {
  if (response.body.length === 0 && !options.cacheNone) return false;
  // Express and Fastify errors are often transient (a 503 from a dead upstream): caching them would pin the outage.
  return options.responseFilter ? Boolean(options.responseFilter(response)) : response.status < 400;
}

/** Stores a response; a backend error is reported, never thrown at the request. */
async function writeView(cache: Cache, key: string, response: ViewResponse, timeout: number | undefined): Promise<void> {
  try {
    await cache.set(key, toStored(response), timeout);
  } catch (error) {
    try {
      cache.reportError(error, { kind: 'cached', key }, VIEW_OUTCOMES);
    } catch (debugError) {
      cache.logger.error(`decocache: storing the view ${key} failed`, debugError);
    }
  }
}

/** What a cacheable request found: its key and path, and the stored response on a hit. */
export interface ViewLookup {
  key: string;
  path: string;
  hit: ViewResponse | undefined;
}

/**
 * The read half of a cached view, shared by the Express and Fastify integrations: only GET and
 * HEAD are cached, `unless` bypasses, a key that cannot be built is reported and bypasses (fail
 * open), `forcedUpdate` skips the read. Resolves `undefined` when the request bypasses the cache.
 */
export async function lookupView<Req>(cache: Cache, options: ViewCacheOptions<Req>, req: Req, method: string, url: string): Promise<ViewLookup | undefined> {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (options.unless && (await options.unless(req)) === true) return undefined;
  const { path, query } = splitUrl(url);
  let key: string;
  try {
    key = requestViewKey(cache, options, req, path, query);
  } catch (error) {
    cache.reportError(error, { kind: 'cached' }, VIEW_OUTCOMES);
    return undefined;
  }
  const forced = options.forcedUpdate ? (await options.forcedUpdate(req)) === true : false;
  return { key, path, hit: forced ? undefined : await readView(cache, options, key, req) };
}

/**
 * The write half: stores a fresh response when `shouldStoreView` agrees, for the per-response
 * timeout when the handler set one. Not awaited, so the client never waits for the backend; a
 * failure is reported, never thrown at the request. `label` names the integration in logs.
 */
export function storeFreshView<Req>(cache: Cache, options: ViewCacheOptions<Req>, lookup: ViewLookup, response: ViewResponse, responseTimeout: unknown, label: string): void {
  try {
    if (shouldStoreView(options, response)) void writeView(cache, lookup.key, response, dynamicTimeout(responseTimeout, options.timeout));
  } catch (error) {
    cache.logger.error(`decocache: ${label} could not store ${lookup.path}`, error);
  }
}

/** A warning logged once per path (for the first 1000 paths), so a streamed route does not flood the log. */
export function warnOncePerPath(cache: Cache, label: string): (path: string, reason: string) => void {
  const warned = new Set<string>();
  return (path, reason) => {
    if (warned.has(path) || warned.size >= 1000) return;
    warned.add(path);
    cache.logger.warn(`decocache: ${label} did not cache ${path}: ${reason}`);
  };
}

/** Response headers worth replaying: lower-cased, without cookies and per-connection headers. */
export function storableHeaders(headers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (UNSTORED.has(lower) || value === undefined) continue;
    out[lower] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/** A dynamic per-response timeout, checked like any timeout; `undefined` keeps the route's. */
function dynamicTimeout(value: unknown, fallback: number | undefined): number | undefined {
  return value === undefined || value === null ? fallback : checkTimeout(value, 'cacheTimeout');
}

function toStored(response: ViewResponse): StoredView {
  const binary = typeof response.body !== 'string';
  const stored: StoredView = { s: response.status, h: response.headers, b: binary ? response.body.toString('base64') : (response.body as string) };
  if (binary) stored.b64 = 1;
  return stored;
}

function fromStored(value: unknown): ViewResponse | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stored = value as Partial<StoredView>;
  if (typeof stored.s !== 'number' || typeof stored.b !== 'string' || typeof stored.h !== 'object' || stored.h === null) return undefined;
  return { status: stored.s, headers: stored.h, body: stored.b64 ? Buffer.from(stored.b, 'base64') : stored.b };
}

/** Which cached view entry `deleteCachedView` removes: the path and query of the request it answered. */
export interface DeleteViewTarget {
  /** The request path of the entry, e.g. `/users/1`. */
  path: string;
  /** The query arguments of the entry; implies `queryString` unless that is set. */
  queryArgs?: QueryArgs;
  /** The route's `keyPrefix`, when it set one (a function gets no request here). */
  keyPrefix?: string | (() => string);
  /** The route's `queryString` option. */
  queryString?: boolean;
  /** The route's `hashMethod`, when it set one. */
  hashMethod?: HashMethod;
}

/**
 * Deletes the cached response of a view route for one path (and query), resolving whether it existed.
 *
 * @example
 * await deleteCachedView(cache, { path: '/search', queryArgs: { q: 'tea' } });
 */
export function deleteCachedView(cache: Cache, target: DeleteViewTarget): Promise<boolean> {
  if (typeof target?.path !== 'string') throw new TypeError(`deleteCachedView(): target.path must be the request path, got ${describeValue(target?.path)}`);
  const key = viewKey({
    keyPrefix: target.keyPrefix,
    path: target.path,
    queryString: target.queryString ?? target.queryArgs !== undefined,
    query: target.queryArgs,
    hashMethod: target.hashMethod ?? cache.hashMethod,
  });
  return cache.delete(key);
}
