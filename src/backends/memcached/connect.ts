import type { ClientOptions, ServerOptions } from 'memjs';
import { peer } from '../peers.js';
import type { MemjsClient } from './protocol.js';

export type { MemjsClient } from './protocol.js';

/** Options of every memcached backend. */
export interface MemcachedBackendOptions {
  /** An existing memjs client; the backend never closes it. */
  client?: MemjsClient;
  /** Servers as `['h:p']` or `'h1:p1,h2:p2'`; default `'127.0.0.1:11211'`. */
  servers?: string[] | string;
  /** SASL user name (required by the SASL backends unless a client is given). */
  username?: string;
  /** SASL password (required by the SASL backends unless a client is given). */
  password?: string;
  /** Passed to `memjs.Client.create` after decocache's fail-fast defaults. */
  options?: ClientOptions & ServerOptions;
  /** Largest value in bytes a single memcached item may hold (the server's `-I`); default 1 MiB. */
  itemSizeLimit?: number;
  /** Milliseconds any memcached call may take before it rejects; default 1000. */
  operationTimeout?: number;
  /** The prefix whose entries `clear(prefix)` can drop without a flush; default `'decocache_'`. */
  keyPrefix?: string;
}

/** Default server, as in Flask-Caching. */
export const DEFAULT_SERVERS = '127.0.0.1:11211';

const quiet = { log(): void {} };

/** Normalises `'h1:p1, h2:p2'` or `['h1:p1']` to memjs's comma-separated form. */
export function serverList(servers: string[] | string | undefined, field = 'servers'): string {
  if (servers === undefined) return DEFAULT_SERVERS;
  const list = (Array.isArray(servers) ? servers : String(servers).split(',')).map((s) => String(s).trim()).filter(Boolean);
  if (list.length === 0) throw new TypeError(`${field} must list at least one memcached server as 'host:port'`);
  for (const s of list) {
    if (!/^[^\s@,]+(:\d+)?$/.test(s.replace(/^.*@/, ''))) throw new TypeError(`${field}: ${JSON.stringify(s)} is not 'host:port'`);
  }
  return list.join(',');
}

/** The client to use and whether the backend opened it (and so must close it). */
export function openClient(opts: MemcachedBackendOptions, operationTimeout: number): { client: MemjsClient; owned: boolean } {
  if (opts.client) return { client: opts.client, owned: false };
  // memjs's own deadline sits below ours so that a dead server fails as memjs's error, not our timeout.
  const seconds = Math.max(0.05, (operationTimeout * 0.8) / 1000);
  const client = peer('memjs', 'MemcachedCache').Client.create(serverList(opts.servers), {
    retries: 1,
    timeout: seconds,
    conntimeout: seconds,
    keepAlive: true,
    logger: quiet,
    ...opts.options,
    username: opts.username,
    password: opts.password,
  }) as unknown as MemjsClient;
  // memjs falls back to MEMCACHIER_USERNAME/PASSWORD from the environment; decocache reads credentials
  // from its config only (Cache.fromEnv maps those variables), so a plain client stays plain.
  if (opts.username === undefined || opts.password === undefined) {
    for (const server of client.servers as unknown as { username?: string; password?: string }[]) {
      server.username = undefined;
      server.password = undefined;
    }
  }
  return { client, owned: true };
}
