import { Buffer } from 'node:buffer';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Cache } from '../cache.js';
import { currentRequest, runWithRequest, type RequestInfo } from '../request-context.js';
import {
  checkViewOptions,
  lookupView,
  splitUrl,
  storableHeaders,
  storeFreshView,
  warnOncePerPath,
  type ViewCacheOptions,
  type ViewResponse,
} from './view-cache.js';

export { deleteCachedView, type DeleteViewTarget, type ViewResponse } from './view-cache.js';

/** Options of `cachedView`; callbacks get the Express request. */
export type CachedViewOptions = ViewCacheOptions<Request>;

type AnyMethod = (...args: unknown[]) => unknown;

/**
 * Binds each request (path, raw query string, method) for `@Cached` methods the handlers call, and
 * sends `hit_cache: True` when such a method with `responseHitIndication` answered from the cache.
 * Mount it after body parsers: some of them resume in callbacks that lose the binding.
 *
 * @example
 * app.use(requestContext());
 */
export function requestContext(): RequestHandler {
  return function decocacheRequestContext(req: Request, res: Response, next: NextFunction): void {
    const info = requestInfo(req);
    beforeHeaders(res, () => {
      if (info.hitCache === true) res.setHeader('hit_cache', 'True');
    });
    runWithRequest(info, () => next());
  };
}

/**
 * Route middleware caching the status, content headers and body of GET responses under the
 * `@Cached` view key (`view/<path>`), and replaying them for GET and HEAD. Only statuses below
 * 400 are stored unless `responseFilter` decides. A handler sets a per-response timeout with
 * `res.locals.cacheTimeout = seconds`. Streamed bodies (`res.write`, `pipe`) pass through uncached.
 *
 * @example
 * app.get('/search', cachedView(cache, { timeout: 60, queryString: true }), search);
 */
export function cachedView(cache: Cache, options: CachedViewOptions = {}): RequestHandler {
  if (typeof cache?.get !== 'function') throw new TypeError('cachedView(cache, options): the first argument must be a Cache');
  checkViewOptions(options, 'cachedView()');
  const warnOnce = warnOncePerPath(cache, 'cachedView');
  return async function decocacheCachedView(req: Request, res: Response, next: NextFunction): Promise<void> {
    const proceed = () => (currentRequest() ? next() : runWithRequest(requestInfo(req), () => next()));
    const lookup = await lookupView(cache, options, req, req.method, req.originalUrl);
    if (!lookup) return proceed();
    if (lookup.hit) return replay(res, lookup.hit, options.responseHitIndication === true);
    // A HEAD response may carry no body at all, so it reads the cache but never fills it.
    if (req.method === 'GET') {
      captureResponse(res, (response, streamed) => {
        if (streamed) return warnOnce(lookup.path, 'the body was streamed (res.write or a piped stream), so there is no single body to store');
        if (response) storeFreshView(cache, options, lookup, response, res.locals['cacheTimeout'], 'cachedView');
      });
    }
    return proceed();
  };
}

function requestInfo(req: Request): RequestInfo {
  const { path, query } = splitUrl(req.originalUrl);
  return { path, query, method: req.method };
}

function replay(res: Response, hit: ViewResponse, indicate: boolean): void {
  res.status(hit.status);
  for (const [name, value] of Object.entries(hit.headers)) res.setHeader(name, value);
  if (indicate) res.setHeader('hit_cache', 'True');
  // res.send brings back the ETag and answers conditional requests with 304, as on a miss.
  res.send(hit.body);
}

/**
 * Watches one response: the body given to `res.send` (after `res.json` turned objects into text),
 * or to `res.end` directly. Status and headers are read at `send` time, before Express may turn a
 * fresh conditional request into a bodiless 304.
 */
function captureResponse(res: Response, done: (response: ViewResponse | undefined, streamed: boolean) => void): void {
  const send = res.send as unknown as AnyMethod;
  const write = res.write as unknown as AnyMethod;
  const end = res.end as unknown as AnyMethod;
  let snapshot: ViewResponse | undefined;
  let streamed = false;
  const take = (body: string | Buffer) => {
    snapshot = { status: res.statusCode, headers: storableHeaders(res.getHeaders()), body };
  };
  res.send = function cachedViewSend(this: Response, body?: unknown) {
    if (typeof body === 'string' || Buffer.isBuffer(body) || body === undefined || body === null) {
      // Express types bodies inside send; doing it first puts the type into the snapshot.
      if (!this.get('Content-Type') && body !== undefined && body !== null) this.type(typeof body === 'string' ? 'html' : 'bin');
      take(body ?? '');
    }
    return send.call(this, body);
  } as Response['send'];
  res.write = function cachedViewWrite(this: Response, ...args: unknown[]) {
    streamed = true;
    return write.apply(this, args);
  } as Response['write'];
  res.end = function cachedViewEnd(this: Response, ...args: unknown[]) {
    const [chunk] = args;
    if (!snapshot && !streamed) take(typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : '');
    const result = end.apply(this, args);
    done(streamed ? undefined : snapshot, streamed);
    return result;
  } as Response['end'];
}

function beforeHeaders(res: Response, hook: () => void): void {
  const writeHead = res.writeHead as unknown as AnyMethod;
  res.writeHead = function writeHeadAfterHook(this: Response, ...args: unknown[]) {
    if (!this.headersSent) hook();
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
