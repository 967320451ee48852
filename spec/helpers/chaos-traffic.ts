// The application side of the chaos spec, in a process of its own: it calls memoized functions
// on a RedisCache and a RedisSentinelCache at a steady rate and judges every answer, while the
// spec process kills and restarts servers (spawning processes blocks the spawner's event loop for
// tens of ms, which must not be charged to the calls). "stop" on stdin ends it with a JSON report.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Cache, type CacheConfig } from '../../src/index.js';

/** What the spec passes in DECOCACHE_CHAOS. */
export interface ChaosSetup {
  standalone: { host: string; port: number };
  sentinels: { host: string; port: number }[];
  master: string;
  operationTimeout: number;
  cooldownMs: number;
  rateMs: number;
}

/** What one memoized function went through. */
export interface ChaosSeries {
  calls: number;
  /** Slowest call: its latency and when it started (epoch ms). */
  slowest: { ms: number; at: number };
  /** Calls slower than the bound: start (epoch ms) and latency. */
  late: [number, number][];
  wrong: string[];
  /** When each hit was answered (epoch ms). */
  hits: number[];
}

/** The report printed on "stop". */
export interface ChaosReport {
  square: ChaosSeries;
  cube: ChaosSeries;
  unhandled: string[];
  lag: { p99: number; max: number };
  /** Event-loop stalls over 40 ms: when (epoch ms), how long, and how much of it this process spent on the CPU. */
  stalls: { at: number; ms: number; cpuMs: number }[];
}

const setup = JSON.parse(process.env['DECOCACHE_CHAOS'] ?? '{}') as ChaosSetup;
const quiet = { warn: (): void => {}, error: (): void => {} };
const bound = setup.operationTimeout + 50;
const common: CacheConfig = {
  operationTimeout: setup.operationTimeout, circuitBreaker: { failures: 5, cooldownMs: setup.cooldownMs }, logger: quiet, keyPrefix: 'chaos_',
};
const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(String(reason)));

function series(cache: Cache): ChaosSeries {
  const s: ChaosSeries = { calls: 0, slowest: { ms: 0, at: 0 }, late: [], wrong: [], hits: [] };
  cache.events.on('hit', () => void s.hits.push(Date.now()));
  return s;
}

function track(s: ChaosSeries, call: Promise<number>, label: string, expected: number): Promise<void> {
  const startedAt = Date.now();
  const start = performance.now();
  s.calls++;
  return call.then(
    (v) => void (v !== expected && s.wrong.push(`${label} = ${v}`)),
    (e: unknown) => void s.wrong.push(`${label} threw ${String(e)}`),
  ).finally(() => {
    const ms = performance.now() - start;
    if (ms > s.slowest.ms) s.slowest = { ms, at: startedAt };
    if (ms > bound) s.late.push([startedAt, Math.round(ms)]);
  });
}

const standalone = new Cache({ type: 'RedisCache', redisHost: setup.standalone.host, redisPort: setup.standalone.port, ...common });
const sentinel = new Cache({ type: 'RedisSentinelCache', redisSentinels: setup.sentinels, redisSentinelMaster: setup.master, ...common });
const square = standalone.memoize({ timeout: 300 })(async function chaosSquare(n: number) {
  return n * n;
});
const cube = sentinel.memoize({ timeout: 300 })(async function chaosCube(n: number) {
  return n * n * n;
});
const report: ChaosReport = { square: series(standalone), cube: series(sentinel), unhandled, lag: { p99: 0, max: 0 }, stalls: [] };
const pending = new Set<Promise<void>>();
const keep = (p: Promise<void>): void => {
  pending.add(p);
  void p.finally(() => pending.delete(p));
};

await square(0);
await cube(0);
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
// A stall with little CPU time of our own means the machine did not run us (other processes'
// load); one with CPU time means this process was busy.
let tick = { wall: performance.now(), cpu: process.cpuUsage() };
const stallWatch = setInterval(() => {
  const now = { wall: performance.now(), cpu: process.cpuUsage() };
  const ms = now.wall - tick.wall - 10;
  if (ms > 40) {
    const cpu = process.cpuUsage(tick.cpu);
    report.stalls.push({ at: Date.now() - Math.round(ms), ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
  }
  tick = now;
}, 10);
let i = 0;
const load = setInterval(() => {
  const n = i++ % 50;
  keep(track(report.square, square(n), `square(${n})`, n * n));
  keep(track(report.cube, cube(n), `cube(${n})`, n * n * n));
}, setup.rateMs);
process.stdout.write('ready\n');

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'stop') continue;
  clearInterval(load);
  clearInterval(stallWatch);
  await Promise.all(pending);
  lag.disable();
  report.lag = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
  await Promise.all([standalone.close(), sentinel.close()]);
  // Exit only once the report is flushed: a pipe write is asynchronous.
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
  break;
}
