// A child process for the fleet lock specs: a Cache over the test Redis with a memoized function
// under `lock` whose every run is counted in Redis (outside the cache prefix), so the parent can
// count runs across processes. Speaks spec/helpers/worker.ts's line protocol.
import { Redis } from 'ioredis';
import { Cache, type CacheConfig } from '../../src/index.js';
import { answerLines } from './worker-lines.js';

interface LockWorkerConfig extends CacheConfig {
  /** Where runs are counted. */
  runsKey: string;
  /** How long one run of the function takes, ms. */
  workMs: number;
  /** The lock option under test. */
  lockOptions: { waitMs?: number; ttlMs?: number };
}

const config = JSON.parse(process.env['DECOCACHE_WORKER_CONFIG'] ?? '{}') as LockWorkerConfig;
const { runsKey, workMs, lockOptions, ...cacheConfig } = config;
const cache = new Cache({ ...cacheConfig, logger: { warn: () => {}, error: () => {} } });
const counter = new Redis({ host: cacheConfig.redisHost, port: cacheConfig.redisPort });

const product = cache.memoize({ timeout: 60, lock: lockOptions })(async function lockedProduct(id: number) {
  await counter.incr(runsKey);
  await new Promise((resolve) => setTimeout(resolve, workMs));
  return { id, by: process.pid };
});

type Command = { op: 'add'; key: string } | { op: 'burst'; id: number; callers: number } | { op: 'call'; id: number };

await answerLines<Command>(async (command) => {
  switch (command.op) {
    case 'add':
      return cache.add(command.key, 1);
    case 'burst': {
      const started = Date.now();
      const values = await Promise.all(Array.from({ length: command.callers }, () => product(command.id)));
      return { values, ms: Date.now() - started };
    }
    case 'call': {
      const started = Date.now();
      const value = await product(command.id);
      return { value, ms: Date.now() - started };
    }
  }
});
await cache.close();
counter.disconnect();
