import { CachedResponse } from '../../cached-response.js';

const RESPONSE_TAG = '__decocacheCachedResponse';

/** What a cached view stores for its result: a CachedResponse as tagged data, anything else as it is. */
export function toStored(result: unknown): unknown {
  return result instanceof CachedResponse ? { [RESPONSE_TAG]: 1, response: result.response, timeout: result.timeout } : result;
}

/** The result a stored value stands for: tagged data back as a CachedResponse. */
export function fromStored(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && RESPONSE_TAG in value) {
    const stored = value as unknown as { response: unknown; timeout?: number };
    return new CachedResponse(stored.response, stored.timeout);
  }
  return value;
}

/** The timeout a result asks for (a CachedResponse may set its own), else the decorator's. */
export function timeoutOf(result: unknown, timeout: number | undefined): number | undefined {
  return result instanceof CachedResponse ? result.timeout || timeout : timeout;
}
