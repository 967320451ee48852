// What benchmarks/stats-overhead.ts measures, bundled twice: in-memory memoized hits of a plain
// function and of a decorated method, each on its own SimpleCache.
import { Cache } from '../../src/index.js';

/** A memoized call to time, and the hits its cache has counted. */
export interface Subject {
  fn: () => Promise<unknown>;
  method: () => Promise<unknown>;
  hits: () => number;
}

/** Builds the cache and both memoized callables, and stores their entries. */
export async function subject(): Promise<Subject> {
  const cache = new Cache({ type: 'SimpleCache' });
  const lookup = cache.memoize()(async function lookup(id: number, locale: string) {
    return { id, locale, roles: ['admin', 'author'], score: 9.5 };
  });
  class Users {
    @cache.memoize()
    async find(id: number, locale: string) {
      return { id, locale, roles: ['admin', 'author'], score: 9.5 };
    }
  }
  const users = new Users();
  await lookup(42, 'en-GB');
  await users.find(42, 'en-GB');
  return { fn: () => lookup(42, 'en-GB'), method: () => users.find(42, 'en-GB'), hits: () => cache.stats().hits };
}
