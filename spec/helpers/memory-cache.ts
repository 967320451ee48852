import { vi } from 'vitest';
import { Cache, type CacheConfig } from '../../src/index.js';

/** A fresh in-memory cache for one test. */
export const fresh = (config: CacheConfig = {}) => new Cache({ type: 'SimpleCache', ...config });

/** Moves the fake clock (SimpleCache reads Date.now()) by `seconds`. */
export const advance = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

/** A memoized function named `name` that counts its runs, returning `a + b + run * 1000` so recomputes show. */
export function counted(cache: Cache, name: string) {
  const runs = { n: 0 };
  const fn = cache.memoize()(
    {
      async [name](a: number, b = 0) {
        runs.n++;
        return a + b + runs.n * 1000;
      },
    }[name]!,
  );
  return { fn, runs };
}
