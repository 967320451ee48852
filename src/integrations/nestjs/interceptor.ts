import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { Reflector } from '@nestjs/core';
import { of, type Observable } from 'rxjs';
import { Cache } from '../../cache.js';
import { lookupView, storeFreshView, warnOncePerPath } from '../view-cache.js';
import { CACHE_VIEW_OPTIONS, type CacheViewOptions, type CacheViewRequest } from './cache-view.js';
import { replay } from './replay.js';
import { captureResponse, rawResponse } from './response-capture.js';

const LABEL = 'CacheViewInterceptor';

/**
 * Serves and stores the GET responses of routes marked `@CacheView` (status, content headers and
 * body, never `Set-Cookie`), on Express and Fastify. HEAD is served from the cache but never fills
 * it; other methods, and routes without `@CacheView`, pass through. Bind it per controller or route
 * with `@UseInterceptors(CacheViewInterceptor)`, or app-wide as `APP_INTERCEPTOR`.
 *
 * @example
 * providers: [{ provide: APP_INTERCEPTOR, useClass: CacheViewInterceptor }]
 */
export class CacheViewInterceptor implements NestInterceptor {
  readonly #warnOnce: (path: string, reason: string) => void;

  constructor(
    private readonly cache: Cache,
    private readonly reflector: Reflector,
  ) {
    this.#warnOnce = warnOncePerPath(cache, LABEL);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options = this.reflector.getAllAndOverride<CacheViewOptions | undefined>(CACHE_VIEW_OPTIONS, [context.getHandler(), context.getClass()]);
    if (!options || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<CacheViewRequest & { originalUrl?: string }>();
    const res = http.getResponse<object>();
    const lookup = await lookupView(this.cache, options, req, req.method, req.originalUrl ?? req.url);
    if (!lookup) return next.handle();
    if (lookup.hit) return of(replay(res, lookup.hit, options.responseHitIndication === true, sendsOwnResponse(context)));
    // A HEAD response may carry no body at all, so it reads the cache but never fills it.
    if (req.method === 'GET') {
      captureResponse(rawResponse(res), (response, streamed) => {
        if (streamed) return this.#warnOnce(lookup.path, 'the body was streamed, so there is no single body to store');
        if (response) storeFreshView(this.cache, options, lookup, response, undefined, LABEL);
      });
    }
    return next.handle();
  }
}

/** Whether the handler takes `@Res()` or `@Next()` without passthrough, so Nest sends nothing for it (Nest's own test). */
function sendsOwnResponse(context: ExecutionContext): boolean {
  const controller = context.getClass();
  const method = context.getHandler().name;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
  const takesResponse = Object.keys(args).some((key) => {
    const type = Number(key.split(':')[0]);
    return type === RouteParamtypes.RESPONSE || type === RouteParamtypes.NEXT;
  });
  return takesResponse && Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, method) !== true;
}

// Applied as functions so that this file compiles without experimentalDecorators; Nest reads the
// same metadata its decorators would have written.
Injectable()(CacheViewInterceptor);
Inject(Cache)(CacheViewInterceptor, undefined, 0);
Inject(Reflector)(CacheViewInterceptor, undefined, 1);
