/**
 * A tight loop of one hit, for `node --cpu-prof`: the tinybench harness adds its own frames, this
 * isolates decocache's. NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx vite-node benchmarks/profile-hit.ts -- memory
 */
import { Cache } from '../src/index.js';
import { startServers } from './lib/servers.js';

const kind = process.argv[2] === 'redis' ? 'redis' : 'memory';
const servers = kind === 'redis' ? await startServers() : undefined;
const cache = kind === 'redis' ? new Cache({ type: 'RedisCache', client: servers!.redis, keyPrefix: 'prof_' }) : new Cache({ type: 'SimpleCache' });
await cache.backend();
const fn = cache.memoize()(async function lookup(a: number, b: string) {
  return { id: a, name: b, roles: ['admin', 'author'], score: 9.5, active: true };
});
await fn(42, 'en-GB');
const n = kind === 'redis' ? 20_000 : 300_000;
for (let round = 0; round < 3; round++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(42, 'en-GB');
  const ns = Number(process.hrtime.bigint() - t0) / n;
  let raw = 0;
  if (servers) {
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await servers.redis.get('prof_x');
    raw = Number(process.hrtime.bigint() - t1) / n;
  }
  console.log(`${kind}: ${ns.toFixed(0)} ns/hit${servers ? `, raw GET ${raw.toFixed(0)} ns` : ''}`);
}
await servers?.close();
process.exit(0);
