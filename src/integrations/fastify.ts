import { Buffer } from 'node:buffer';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Cache } from '../cache.js';
import { runWithRequest, type RequestInfo } from '../request-context.js';
import {
  checkViewOptions,
  lookupView,
  splitUrl,
  storableHeaders,
  storeFreshView,
  warnOncePerPath,
  type ViewCacheOptions,
  type ViewLookup,
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
  lookup: ViewLookup;
  options: FastifyCacheRouteOptions;
}

function decocacheFastifyPlugin(instance: FastifyInstance, pluginOptions: DecocacheFastifyOptions, done: (error?: Error) => void): void {
  const { cache, requestContext = true, ...defaults } = pluginOptions;
  if (typeof cache?.get !== 'function') return done(new TypeError('decocacheFastify: the option "cache" must be a Cache'));
  checkViewOptions(defaults, 'decocacheFastify');
  const infos = new WeakMap<FastifyRequest, RequestInfo>();
  const pending = new WeakMap<FastifyRequest, Pending>();
  const merged = new WeakMap<object, FastifyCacheRouteOptions>();
  const warnOnce = warnOncePerPath(cache, 'the fastify view cache');
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
    if (!options) return;
    const lookup = await lookupView(cache, options, request, request.method, request.url);
    if (!lookup) return;
    if (lookup.hit) {
      reply.code(lookup.hit.status).headers(lookup.hit.headers);
      if (options.responseHitIndication) reply.header('hit_cache', 'True');
      return reply.send(lookup.hit.body);
    }
    // A HEAD response may carry no body at all, so it reads the cache but never fills it.
    if (request.method === 'GET') pending.set(request, { lookup, options });
  });

  instance.addHook('onSend', async function storeCachedView(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    if (infos.get(request)?.hitCache === true) reply.header('hit_cache', 'True');
    const state = pending.get(request);
    if (!state) return payload;
    pending.delete(request);
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload === null || payload === undefined ? '' : undefined;
    if (body === undefined) {
      warnOnce(state.lookup.path, 'the body is a stream, so there is no single body to store');
      return payload;
    }
    const response = { status: reply.statusCode, headers: storableHeaders(reply.getHeaders()), body };
    storeFreshView(cache, state.options, state.lookup, response, reply.cacheTimeout, 'the fastify view cache');
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
export const decocacheFastify: FastifyPluginCallback<DecocacheFastifyOptions> = Object.assign(decocacheFastifyPlugin, {
  // What fastify-plugin sets, without depending on it: the hooks apply to the instance that
  // registers the plugin (no encapsulation), under a name and a Fastify version range.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'decocache',
  [Symbol.for('plugin-meta')]: { fastify: '>=4', name: 'decocache' },
});
