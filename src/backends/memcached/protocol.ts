import { Buffer } from 'node:buffer';
import type { Client, Response, Server } from 'memjs';
import { BackendError, OperationTimeoutError } from '../../errors.js';

/** A memjs client of any serializer; decocache sends raw binary requests, so the serializer is never used. */
export type MemjsClient = Client<never, unknown>;

/** Binary-protocol opcodes decocache sends itself (memjs's own methods lack CAS and multi-get). */
export const Op = {
  Get: 0x00,
  Set: 0x01,
  Add: 0x02,
  Delete: 0x04,
  Incr: 0x05,
  Decr: 0x06,
  Flush: 0x08,
  Noop: 0x0a,
  GetKQ: 0x0d,
  Append: 0x0e,
  Touch: 0x1c,
} as const;

/** Binary-protocol response statuses the backend branches on. */
export const Status = { Ok: 0, NotFound: 1, Exists: 2, TooLarge: 3, NotStored: 5, NonNumeric: 6 } as const;

/** One request as bytes, with the CAS value memjs's own request builder cannot set. */
export function encodeRequest(opcode: number, key: string, extras: Buffer, value: Buffer | string, opaque: number, cas?: Buffer): Buffer {
  const k = Buffer.from(key);
  const v = typeof value === 'string' ? Buffer.from(value) : value;
  const buf = Buffer.alloc(24 + extras.length + k.length + v.length);
  buf[0] = 0x80;
  buf[1] = opcode;
  buf.writeUInt16BE(k.length, 2);
  buf[4] = extras.length;
  buf.writeUInt32BE(extras.length + k.length + v.length, 8);
  buf.writeUInt32BE(opaque >>> 0, 12);
  cas?.copy(buf, 16);
  extras.copy(buf, 24);
  k.copy(buf, 24 + extras.length);
  v.copy(buf, 24 + extras.length + k.length);
  return buf;
}

/** memjs rejects with plain strings on SASL failure; callers and `cause` chains need an Error. */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : `memcached failed: ${String(reason)}`);
}

/**
 * Races a memjs operation against `ms`, because memjs can leave a promise pending for good (after a
 * refused request the next one on that socket never settles, and its own timer is gone with the socket).
 */
export function deadline<T>(operation: string, ms: number, start: (settle: (error: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new BackendError(`memcached ${operation} timed out`, { cause: new OperationTimeoutError(operation, ms) }));
    }, ms);
    const settle = (error: unknown, value?: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error !== null && error !== undefined) reject(new BackendError(`memcached ${operation} failed: ${toError(error).message}`, { cause: toError(error) }));
      else resolve(value as T);
    };
    try {
      start(settle);
    } catch (error) {
      settle(error);
    }
  });
}

/** Sends one request over memjs's connection handling (retries, SASL, reconnects) and resolves the raw response. */
export function send(client: MemjsClient, ms: number, opcode: number, key: string, extras: Buffer, value: Buffer | string = '', cas?: Buffer): Promise<Response> {
  return deadline<Response>(opName(opcode), ms, (settle) => {
    client.incrSeq();
    const request = encodeRequest(opcode, key, extras, value, client.seq, cas);
    client.perform(key, request, client.seq, (err: Error | null, response?: Response) => settle(err, response));
  });
}

/**
 * Fetches many keys in one round trip per server: quiet GETKQ for each key (misses send nothing)
 * followed by a NOOP whose answer marks the end, all under one opaque id in one write.
 */
export async function multiGet(client: MemjsClient, ms: number, keys: readonly string[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const servers = client.servers;
  if (servers.length === 1) {
    await quietGets(client, ms, servers[0]!, keys, found);
    return found;
  }
  const groups = new Map<Server, string[]>();
  for (const key of keys) {
    const server = client.server(key);
    if (!server) throw new BackendError('memcached getMany failed: no servers available');
    const list = groups.get(server);
    if (list) list.push(key);
    else groups.set(server, [key]);
  }
  await Promise.all([...groups].map(([server, group]) => quietGets(client, ms, server, group, found)));
  return found;
}

/** One server's part of multiGet: its keys' values go into `found`. */
function quietGets(client: MemjsClient, ms: number, server: Server | undefined, keys: readonly string[], found: Map<string, Buffer>): Promise<void> {
  if (!server) return Promise.reject(new BackendError('memcached getMany failed: no servers available'));
  return deadline<void>('getMany', ms, (settle) => {
    client.incrSeq();
    const seq = client.seq;
    const onResponse = (response: Response): void => {
      if (response.header.opcode === Op.Noop) settle(null);
      // memjs parses every socket read into a buffer of its own and never reuses it: the value's slice stays valid.
      else if (response.header.status === Status.Ok) found.set(response.key.toString(), response.val);
    };
    // memjs keeps a quiet handler registered until a response with an empty body (the NOOP's)
    // arrives; client.perform would wrap it in a non-quiet one, so this talks to the server as
    // memjs's own stats command does (no memjs retry: the caller's deadline still applies).
    (onResponse as { quiet?: boolean }).quiet = true;
    server.onResponse(seq, onResponse);
    server.onError(seq, (err: unknown) => settle(err ?? new Error('connection failed')));
    server.write(encodeQuietGets(distinct(keys), seq));
  });
}

/**
 * A GETKQ per key then the NOOP that ends them, all under `opaque`, written into one buffer (a hit
 * reads 2 to 4 keys: one allocation instead of three per key and a concatenation).
 */
export function encodeQuietGets(keys: readonly string[], opaque: number): Buffer {
  let size = HEADER;
  for (const key of keys) size += HEADER + Buffer.byteLength(key);
  const buf = Buffer.alloc(size);
  let at = 0;
  for (const key of keys) {
    const length = buf.write(key, at + HEADER);
    writeHeader(buf, at, Op.GetKQ, length, opaque);
    at += HEADER + length;
  }
  writeHeader(buf, at, Op.Noop, 0, opaque);
  return buf;
}

const HEADER = 24;

/** A request header without extras or value (datatype, vbucket and CAS stay zero). */
function writeHeader(buf: Buffer, at: number, opcode: number, keyLength: number, opaque: number): void {
  buf[at] = 0x80;
  buf[at + 1] = opcode;
  buf.writeUInt16BE(keyLength, at + 2);
  buf.writeUInt32BE(keyLength, at + 8);
  buf.writeUInt32BE(opaque >>> 0, at + 12);
}

/** `keys` without repeats; a few keys are compared pairwise instead of building a Set. */
function distinct(keys: readonly string[]): readonly string[] {
  if (keys.length > 8) return [...new Set(keys)];
  for (let i = 1; i < keys.length; i++) for (let j = 0; j < i; j++) if (keys[i] === keys[j]) return [...new Set(keys)];
  return keys;
}

/** Flushes every server the client knows (memjs resolves once all have answered). */
export function flushAll(client: MemjsClient, ms: number): Promise<void> {
  return deadline<void>('flush', ms, (settle) => {
    client.flush((err) => settle(err));
  });
}

/** SET/ADD extras: flags (0) and expiration. */
export function storeExtras(expiration: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(expiration >>> 0, 4);
  return b;
}

/** INCR extras: 64-bit delta, 64-bit initial value stored when the key is missing, and expiration. */
export function incrExtras(delta: number, initial: number, expiration: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeBigUInt64BE(BigInt(delta), 0);
  b.writeBigUInt64BE(BigInt(initial), 8);
  b.writeUInt32BE(expiration >>> 0, 16);
  return b;
}

/** TOUCH extras: the new expiration. */
export function touchExtras(expiration: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(expiration >>> 0, 0);
  return b;
}

/** Thirty days: memcached reads larger expirations as absolute unix times. */
const MAX_RELATIVE = 60 * 60 * 24 * 30;

/** The largest expiration field (32 bits): as an absolute time, early 2106. */
export const MAX_EXPIRATION = 0xffffffff;

/**
 * A ttl in seconds as memcached's expiration field (`0` never; over 30 days an absolute unix
 * time). A ttl that does not fit is a RangeError, never a field that wraps around to the past.
 */
export function expiration(ttl: number, now = Date.now()): number {
  if (ttl <= 0) return 0;
  if (ttl <= MAX_RELATIVE) return ttl;
  const at = Math.floor(now / 1000) + ttl;
  if (at > MAX_EXPIRATION) throw new RangeError(`a timeout of ${ttl} s ends after 2106, which memcached cannot hold`);
  return at;
}

function opName(opcode: number): string {
  const entry = Object.entries(Op).find(([, v]) => v === opcode);
  return entry ? entry[0].toLowerCase() : `opcode ${opcode}`;
}
