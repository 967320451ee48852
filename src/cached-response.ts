/**
 * Wraps a `@Cached` handler's result to store it for `timeout` seconds instead of the decorator's
 * timeout (Flask's CachedResponse). Callers get the CachedResponse back, rebuilt from the cache on hits.
 *
 * @example
 * return new CachedResponse(page, isHot ? 10 : 600);
 */
export class CachedResponse<T = unknown> {
  /** What the handler produced. */
  readonly response: T;
  /** Seconds to keep it; `0` or undefined falls back to the decorator's timeout, as in Flask. */
  readonly timeout: number | undefined;

  constructor(response: T, timeout?: number) {
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
      throw new TypeError(`CachedResponse timeout must be a number of seconds >= 0, got ${String(timeout)}`);
    }
    this.response = response;
    this.timeout = timeout;
  }
}
