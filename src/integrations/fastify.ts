import { Buffer } from 'node:buffer';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type { Cache } from '../cache.js';
import { runWithRequest, type RequestInfo } from '../request-context.js';
import {
  checkViewOptions,
  dynamicTimeout,
  readView,
  requestViewKey,
  shouldStoreView,
  splitUrl,
  storableHeaders,
  writeView,
  type ViewCacheOptions,
} from './view-cache.js';

export { deleteCachedView, type DeleteViewTarget, type ViewResponse } from './view-cache.js';

/** Per-route view cache options; callbacks get the Fastify request. */
export type FastifyCacheRouteOptions = ViewCacheOptions<FastifyRequest>;

/** Plugin options: the cache, route defaults, and whether to bind the request for `@Cached`. */
export interface DecocacheFastifyOptions extends FastifyCacheRouteOptions {
  /** The cache responses are stored in. */
  cache: Cache;
  /** Bind every request for `@Cached` methods called by handlers; default `true`. */
  requestContext?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this route's GET responses: `true` for the plugin defaults, or options over them. */
    cache?: FastifyCacheRouteOptions | boolean;
  }
  interface FastifyReply {
    /** Seconds to keep this response, overriding the route's `timeout` (set it in the handler). */
    cacheTimeout: number | undefined;
  }
}

interface Pending {
  key: string;
  path: string;
  options: FastifyCacheRouteOptions;
}

function decocacheFastifyPlugin(instance: FastifyInstance, pluginOptions: DecocacheFastifyOptions, done: (error?: Error) => void): void {
  const { cache, requestContext = true, ...defaults } = pluginOptions;
  if (typeof cache?.get !== 'function') return done(new TypeError('decocacheFastify: the option "cache" must be a Cache'));
  checkViewOptions(defaults, 'decocacheFastify');
  const infos = new WeakMap<FastifyRequest, RequestInfo>();
  const pending = new WeakMap<FastifyRequest, Pending>();
  const merged = new WeakMap<object, FastifyCacheRouteOptions>();
  const warned = new Set<string>();
  const routeOptions = (request: FastifyRequest): FastifyCacheRouteOptions | undefined => {
    const config = request.routeOptions.config?.cache;
    if (config === true) return defaults;
    if (!config) return undefined;
    let options = merged.get(config);
    if (!options) merged.set(config, (options = { ...defaults, ...config }));
    return options;
  };

  if (!instance.hasReplyDecorator('cacheTimeout')) instance.decorateReply('cacheTimeout', undefined);
  instance.addHook('onRoute', function checkRouteCacheOptions(route) {
    const config = route.config?.cache;
    if (config && config !== true) checkViewOptions(config, `route ${route.method} ${route.url} config.cache`);
  });

  if (requestContext) {
    instance.addHook('onRequest', function bindRequest(request: FastifyRequest, _reply: FastifyReply, next: HookHandlerDoneFunction) {
      const { path, query } = splitUrl(request.url);
      const info: RequestInfo = { path, query, method: request.method };
      infos.set(request, info);
      runWithRequest(info, next);
    });
    // Body parsing resumes in stream callbacks that lose the binding; bind again before the handler.
    instance.addHook('preValidation', function rebindRequest(request: FastifyRequest, _reply: FastifyReply, next: HookHandlerDoneFunction) {
      const info = infos.get(request);
      if (info) runWithRequest(info, next);
      else next();
    });
  }

  instance.addHook('onRequest', async function serveCachedView(request: FastifyRequest, reply: FastifyReply) {
    const options = routeOptions(request);
    if (!options || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    if (options.unless && (await options.unless(request)) === true) return;
    const { path, query } = splitUrl(request.url);
    let key: string;
    try {
      key = requestViewKey(cache, options, request, path, query);
    } catch (error) {
      cache.reportError(error, { kind: 'cached' });
      return;
    }
    const forced = options.forcedUpdate ? (await options.forcedUpdate(request)) === true : false;
    const hit = forced ? undefined : await readView(cache, options, key, request);
    if (hit) {
      reply.code(hit.status).headers(hit.headers);
      if (options.responseHitIndication) reply.header('hit_cache', 'True');
      return reply.send(hit.body);
    }
    // A HEAD response may carry no body at all, so it reads the cache but never fills it.
    if (request.method === 'GET') pending.set(request, { key, path, options });
  });

  instance.addHook('onSend', async function storeCachedView(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    if (infos.get(request)?.hitCache === true) reply.header('hit_cache', 'True');
    const state = pending.get(request);
    if (!state) return payload;
    pending.delete(request);
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload === null || payload === undefined ? '' : undefined;
    if (body === undefined) {
      if (!warned.has(state.path) && warned.size < 1000) {
        warned.add(state.path);
        cache.logger.warn(`decocache: the fastify view cache did not cache ${state.path}: the body is a stream, so there is no single body to store`);
      }
      return payload;
    }
    const response = { status: reply.statusCode, headers: storableHeaders(reply.getHeaders()), body };
    try {
      if (shouldStoreView(state.options, response)) {
        // Not awaited: the client should not wait for the backend write.
        void writeView(cache, state.key, response, dynamicTimeout(reply.cacheTimeout, state.options.timeout));
      }
    } catch (error) {
      cache.logger.error(`decocache: the fastify view cache could not store ${state.path}`, error);
    }
    return payload;
  });
  done();
}

/**
 * Fastify plugin caching GET responses of routes with `config: { cache: true | options }` under
 * the `@Cached` view key, and binding each request for `@Cached` methods called by handlers.
 * Only statuses below 400 are stored unless `responseFilter` decides; `reply.cacheTimeout`
 * sets a per-response timeout.
 *
 * @example
 * await app.register(decocacheFastify, { cache, timeout: 60 });
 * app.get('/search', { config: { cache: { queryString: true } } }, search);
 */
export const decocacheFastify: FastifyPluginCallback<DecocacheFastifyOptions> = fp(decocacheFastifyPlugin as FastifyPluginCallback<DecocacheFastifyOptions>, {
  fastify: '>=4',
  name: 'decocache',
});

export default decocacheFastify;
