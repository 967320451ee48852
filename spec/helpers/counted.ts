import { Cache } from '../../src/index.js';

/** A fresh in-memory cache for one test. */
export const fresh = () => new Cache({ type: 'SimpleCache' });

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
