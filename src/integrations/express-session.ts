import session from 'express-session';
import type { SessionData } from 'express-session';
import type { Cache } from '../cache.js';
import { describeValue } from '../errors.js';
import { checkTimeout } from '../timeout.js';

/** Options of `CacheSessionStore`. */
export interface CacheSessionStoreOptions {
  /** The cache sessions live in (any backend). */
  cache: Cache;
  /** Prepended to session ids in keys; default `'sess:'`. */
  prefix?: string;
  /** Seconds a session lives when its cookie has no `maxAge`; default the cache's `defaultTimeout`. */
  ttl?: number;
}

type Callback = (error?: unknown) => void;

/**
 * An express-session store over any decocache Cache: sessions expire with their cookie (`maxAge`,
 * rounded up to whole seconds), else after `ttl`, else after the cache's default timeout.
 *
 * @example
 * app.use(session({ store: new CacheSessionStore({ cache }), secret, resave: false, saveUninitialized: false }));
 */
export class CacheSessionStore extends session.Store {
  /** The cache holding the sessions. */
  readonly cache: Cache;
  /** The key prefix of session entries. */
  readonly prefix: string;
  /** The fallback lifetime in seconds, when set. */
  readonly ttl: number | undefined;

  constructor(options: CacheSessionStoreOptions) {
    super();
    if (typeof options?.cache?.get !== 'function') throw new TypeError('new CacheSessionStore({ cache }): the option "cache" must be a Cache');
    if (options.prefix !== undefined && typeof options.prefix !== 'string') {
      throw new TypeError(`new CacheSessionStore(): option prefix must be a string, got ${describeValue(options.prefix)}`);
    }
    this.cache = options.cache;
    this.prefix = options.prefix ?? 'sess:';
    this.ttl = checkTimeout(options.ttl, 'CacheSessionStore ttl');
  }

  /** Loads a session; a missing or expired one gives `null`. */
  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.cache.get<SessionData>(this.prefix + sid).then(
      (value) => callback(null, value ?? null),
      (error: unknown) => callback(error),
    );
  }

  /** Saves a session for its cookie's lifetime; a cookie already expired deletes it instead. */
  override set(sid: string, sess: SessionData, callback: Callback = noop): void {
    const ttl = this.#ttlOf(sess);
    const key = this.prefix + sid;
    const write = ttl === 'expired' ? this.cache.delete(key) : this.cache.set(key, sess, ttl);
    write.then(() => callback(), callback);
  }

  /** Deletes a session. */
  override destroy(sid: string, callback: Callback = noop): void {
    this.cache.delete(this.prefix + sid).then(() => callback(), callback);
  }

  /** Extends a session's lifetime without rewriting it (rolling sessions, `resave: false`). */
  override touch(sid: string, sess: SessionData, callback: () => void = noop): void {
    const ttl = this.#ttlOf(sess);
    if (ttl === 'expired') return callback();
    // express-session ignores errors passed to touch's callback, so a failed touch only logs.
    this.cache.touch(this.prefix + sid, ttl).then(
      () => callback(),
      (error: unknown) => {
        this.cache.logger.warn(`decocache: touching session ${sid} failed`, error);
        callback();
      },
    );
  }

  /** Deletes every session under the prefix (needs a backend that can match key patterns). */
  override clear(callback: Callback = noop): void {
    this.cache.deletePattern(`${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*`).then(() => callback(), callback);
  }

  #ttlOf(sess: SessionData): number | 'expired' | undefined {
    const maxAge = sess.cookie?.maxAge;
    if (typeof maxAge === 'number') return maxAge > 0 ? Math.ceil(maxAge / 1000) : 'expired';
    return this.ttl;
  }
}

function noop(): void {}
