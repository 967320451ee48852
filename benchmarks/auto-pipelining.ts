/**
 * Whether the clients decocache builds should keep ioredis's `enableAutoPipelining`: memoized Redis
 * hits, one after another and 64 at once (distinct arguments), on two caches that differ only in
 * that option. The two run interleaved, round after round, in one process, so load from other
 * processes falls on both alike; each round reports wall time and this process's CPU time per hit,
 * and the medians over the rounds are printed.
 *
 *   npx vite-node benchmarks/auto-pipelining.ts [-- --rounds=15]
 */
import { Cache } from '../src/index.js';
import { HOST } from '../spec/helpers/servers/process.js';
import { startServers } from './lib/servers.js';

const SEQUENTIAL = 2000;
const BURSTS = 40;
const N = 64;

interface Sample {
  wallUs: number;
  cpuUs: number;
}

/** Wall and CPU microseconds per hit for `hits` hits done by `run`. */
async function measure(hits: number, run: () => Promise<unknown>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { wallUs: ((performance.now() - t0) * 1000) / hits, cpuUs: (used.user + used.system) / hits };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const rounds = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 15);
  const servers = await startServers();
  const subjects = [true, false].map((auto) => {
    const cache = new Cache({
      type: 'RedisCache', redisHost: HOST, redisPort: servers.redisPort, keyPrefix: `ap_${auto}_`, defaultTimeout: 600,
      options: { enableAutoPipelining: auto },
    });
    const fn = cache.memoize({ namespace: auto ? 'on' : 'off' })(async function lookup(id: number) {
      return { id, name: `user ${id}`, roles: ['reader'] };
    });
    return { label: auto ? 'autopipelining on ' : 'autopipelining off', cache, fn, sequential: [] as Sample[], burst: [] as Sample[], misses: [] as Sample[] };
  });
  try {
    for (const s of subjects) for (let i = 0; i < N; i++) await s.fn(i);
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so neither always runs on a warmer or quieter machine.
      const order = round % 2 === 0 ? subjects : [...subjects].reverse();
      for (const s of order) {
        s.sequential.push(await measure(SEQUENTIAL, async () => {
          for (let i = 0; i < SEQUENTIAL; i++) await s.fn(i % N);
        }));
        s.burst.push(await measure(BURSTS * N, async () => {
          for (let b = 0; b < BURSTS; b++) await Promise.all(Array.from({ length: N }, (_, i) => s.fn(i)));
        }));
        // Misses for comparison: each reads, then writes the entry and touches its version key.
        const base = 1000 + round * N * 4;
        s.misses.push(await measure(4 * N, async () => {
          for (let b = 0; b < 4; b++) await Promise.all(Array.from({ length: N }, (_, i) => s.fn(base + b * N + i)));
        }));
      }
    }
    console.log(`memoized Redis hits, medians of ${rounds} interleaved rounds (${SEQUENTIAL} sequential, ${BURSTS} bursts of ${N} distinct)`);
    for (const s of subjects) {
      const line = (xs: Sample[]): string => `${median(xs.map((x) => x.wallUs)).toFixed(1)} µs wall, ${median(xs.map((x) => x.cpuUs)).toFixed(1)} µs CPU`;
      console.log(`${s.label}: sequential ${line(s.sequential)} per hit; 64 concurrent ${line(s.burst)} per hit; 64 concurrent misses ${line(s.misses)} per miss`);
    }
  } finally {
    await Promise.all(subjects.map((s) => s.cache.close()));
    await servers.close();
  }
}

await main();
