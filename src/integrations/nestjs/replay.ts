import { Buffer } from 'node:buffer';
import { StreamableFile } from '@nestjs/common';
import type { ViewResponse } from '../view-cache.js';

interface PlatformResponse {
  /** Express's and Fastify's status setter. */
  status(code: number): unknown;
  /** Express's and Fastify's body sender. */
  send(body: unknown): unknown;
  /** Express (Node's) header setter. */
  setHeader?(name: string, value: string | string[]): unknown;
  /** Fastify's header setter: headers set on `raw` would lose to Fastify's own Content-Type. */
  header?(name: string, value: string | string[]): unknown;
  /** Present on a Fastify reply. */
  raw?: unknown;
}

/**
 * Puts a stored response's status and headers on the platform response and returns the body for
 * Nest to send, so Express still answers conditional requests with 304 as on a miss. A binary
 * body goes back as a StreamableFile, which Nest sends as bytes instead of JSON. For a route that
 * sends its own response (`@Res()` without passthrough) Nest sends nothing, so this sends it.
 */
export function replay(res: object, hit: ViewResponse, indicate: boolean, sendsItself: boolean): string | StreamableFile | undefined {
  const response = res as PlatformResponse;
  const setHeader = response.raw === undefined ? response.setHeader : response.header;
  for (const [name, value] of Object.entries(hit.headers)) setHeader?.call(response, name, value);
  if (indicate) setHeader?.call(response, 'hit_cache', 'True');
  // Nest sets the route's status before the interceptors run and leaves it alone after.
  response.status(hit.status);
  if (!sendsItself) return Buffer.isBuffer(hit.body) ? new StreamableFile(hit.body) : hit.body;
  response.send(hit.body);
  return undefined;
}
