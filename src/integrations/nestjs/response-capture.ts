import { Buffer } from 'node:buffer';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { storableHeaders, type ViewResponse } from '../view-cache.js';

/** The Node response under an Express response (itself) or a Fastify reply (`raw`). */
export function rawResponse(res: object): ServerResponse {
  return ((res as { raw?: ServerResponse }).raw ?? res) as ServerResponse;
}

/**
 * Watches one response at the Node level, where Express and Fastify both end up: the status and
 * headers given to `writeHead` (Fastify passes all of its headers there) and the body given to
 * `end`. `done` gets `undefined` and `streamed: true` when the body was written in pieces.
 */
export function captureResponse(raw: ServerResponse, done: (response: ViewResponse | undefined, streamed: boolean) => void): void {
  const { writeHead, write, end } = raw;
  let headers: Record<string, string | string[]> | undefined;
  let streamed = false;
  raw.writeHead = function capturedWriteHead(this: ServerResponse, ...args: unknown[]) {
    const given = args.find((arg) => typeof arg === 'object' && arg !== null);
    headers = storableHeaders({ ...this.getHeaders(), ...headerRecord(given) });
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
  raw.write = function capturedWrite(this: ServerResponse, ...args: unknown[]) {
    streamed = true;
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse['write'];
  raw.end = function capturedEnd(this: ServerResponse, ...args: unknown[]) {
    const [chunk] = args;
    const result = (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    if (streamed) return result;
    const body = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : '';
    done({ status: this.statusCode, headers: headers ?? storableHeaders(this.getHeaders()), body }, false);
    return result;
  } as ServerResponse['end'];
  raw.once('finish', () => {
    if (streamed) done(undefined, true);
  });
}

/** Headers given to `writeHead`: an object, or Node's flat `[name, value, ...]` array. */
function headerRecord(given: unknown): OutgoingHttpHeaders {
  if (!Array.isArray(given)) return (given ?? {}) as OutgoingHttpHeaders;
  const out: OutgoingHttpHeaders = {};
  for (let i = 0; i + 1 < given.length; i += 2) out[String(given[i])] = given[i + 1] as string;
  return out;
}
