/**
 * 64 distinct memoized hits in flight at once on Redis, in a tight loop, next to 64 raw GETs on
 * the same client, alternating; decocache compiled as run.ts measures it (lib/build.ts).
 *   npx vite-node benchmarks/profile-concurrent.ts -- method auto
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { buildDecocache } from './lib/build.js';
import { startServers } from './lib/servers.js';

const { Cache } = await buildDecocache(join(dirname(fileURLToPath(import.meta.url)), '..'), 'decocache-profile');

const N = 64;
const servers = await startServers();
// `-- auto` runs both sides on a client with ioredis's enableAutoPipelining.
const redis = process.argv.includes('auto') ? new Redis({ host: '127.0.0.1', port: servers.redisPort, enableAutoPipelining: true }) : servers.redis;
const cache = new Cache({ type: 'RedisCache', client: redis, keyPrefix: 'prof_', defaultTimeout: 300 });
await cache.backend();
const fn = cache.memoize()(async function lookup(a: number, b: string) {
  return { id: a, name: 'Ada Lovelace', roles: ['admin', 'author'], score: 9.5, active: true, b };
});
const value = JSON.stringify({ id: 1, name: 'Ada Lovelace', roles: ['admin', 'author'], score: 9.5, active: true, b: 'en-GB' });
class Users {
  @cache.memoize()
  async lookup(a: number, b: string) {
    return { id: a, name: 'Ada Lovelace', roles: ['admin', 'author'], score: 9.5, active: true, b };
  }
}
const users = new Users();
// `-- method` times a decorated method (function and instance version keys) instead of a function.
const call = process.argv.includes('method') ? (a: number, b: string) => users.lookup(a, b) : fn;
for (let i = 0; i < N; i++) {
  await call(i, 'en-GB');
  await redis.set(`raw_${i}`, value, 'EX', 300);
}
const bursts = 1000;
async function time(call: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < bursts; b++) await Promise.all(Array.from({ length: N }, (_, i) => call(i)));
  return Number(process.hrtime.bigint() - t0) / bursts / N;
}
const only = process.argv.find((a) => a === 'raw' || a === 'memoized');
const raw: number[] = [];
const memo: number[] = [];
for (let round = 0; round < 9; round++) {
  if (only !== 'memoized') raw.push(await time((i) => redis.get(`raw_${i}`)));
  if (only !== 'raw') memo.push(await time((i) => call(i, 'en-GB')));
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
console.log(`raw GET ${median(raw).toFixed(0)} ns, memoized hit ${median(memo).toFixed(0)} ns per hit: throughput ${(median(raw) / median(memo)).toFixed(2)}x raw`);
await cache.close();
if (redis !== servers.redis) redis.disconnect();
await servers.close();
process.exit(0);
