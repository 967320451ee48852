import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChaosReport, ChaosSeries, ChaosSetup } from '../helpers/chaos-traffic.js';
import { bundledScript } from '../helpers/bundled-script.js';
import { HOST, removeDir, sleep, stop, tempDir, type Server } from '../helpers/servers/process.js';
import { restartAsReplica, startRedis, startSentinelSet } from '../helpers/servers/redis.js';

// The longest spec file: 60 s of traffic through every kind of outage, on servers of its own. The
// traffic runs in a child process (spec/helpers/chaos-traffic.ts); this one only breaks things.
const T = 500;
const SLACK = 50;
const RESUME_MS = 2000;
const script = fileURLToPath(new URL('../helpers/chaos-traffic.ts', import.meta.url));

let dir: string;
const mine: Server[] = [];

beforeAll(() => {
  dir = tempDir('decocache-chaos-');
});
afterAll(async () => {
  for (const s of mine) {
    try { process.kill(s.pid, 'SIGCONT'); } catch { /* gone */ }
  }
  await Promise.all(mine.map((s) => stop(s, 'SIGKILL')));
  removeDir(dir);
});

/** Starts the traffic process; resolves once it is calling, with the function that stops it and reads its report. */
async function startTraffic(setup: ChaosSetup): Promise<() => Promise<ChaosReport>> {
  const child = spawn(process.execPath, [await bundledScript(script)], { env: { ...process.env, DECOCACHE_CHAOS: JSON.stringify(setup) }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the traffic process exited (code ${child.exitCode})`);
    return value as string;
  };
  while ((await next()) !== 'ready');
  return async () => {
    child.stdin!.write('stop\n');
    return JSON.parse(await next()) as ChaosReport;
  };
}

describe('chaos: 60 s of memoized calls while Redis and the Sentinel master are killed, stopped and restarted', () => {
  it(`every call answers within operationTimeout + ${SLACK} ms, none wrongly, and hits resume within ${RESUME_MS} ms of each recovery`, async () => {
    let redis = await startRedis(dir);
    mine.push(redis);
    const set = await startSentinelSet(dir, 1, 400, 2000);
    mine.push(set.master, set.replica, ...set.sentinels);
    const sentinelPort = set.sentinels[0]!.port;
    const members = new Map([set.master, set.replica].map((s) => [s.port, s]));
    const sentinelClient = new Redis({ host: HOST, port: sentinelPort });
    sentinelClient.on('error', () => {});
    const masterPort = async (): Promise<number> => Number(((await sentinelClient.call('sentinel', 'get-master-addr-by-name', set.name)) as string[])[1]);
    const finishTraffic = await startTraffic({
      standalone: { host: HOST, port: redis.port }, sentinels: [{ host: HOST, port: sentinelPort }], master: set.name,
      operationTimeout: T, cooldownMs: 800, rateMs: 5,
    });
    const t0 = Date.now();
    const recoveries: { what: string; at: number; series: 'square' | 'cube' }[] = [];
    const until = (ms: number): Promise<void> => sleep(Math.max(0, t0 + ms - Date.now()));
    let replicaBack: Promise<unknown> = Promise.resolve();
    const killSentinelMaster = async (): Promise<void> => {
      const master = members.get(await masterPort())!;
      await stop(master, 'SIGKILL');
      let promoted = master.port;
      while (promoted === master.port) {
        await sleep(10);
        promoted = await masterPort().catch(() => master.port);
      }
      recoveries.push({ what: 'sentinel master promoted', at: Date.now(), series: 'cube' });
      // In the background: the sentinel takes seconds to count it healthy, and traffic must go on.
      replicaBack = restartAsReplica(master, promoted, sentinelPort, set.name).then((restarted) => {
        mine.push(restarted);
        members.set(restarted.port, restarted);
      });
    };
    let report: ChaosReport | undefined;
    try {
      await until(5_000);
      await stop(redis, 'SIGKILL');
      await until(10_000);
      redis = await startRedis(dir, redis.port);
      mine.push(redis);
      recoveries.push({ what: 'redis restarted after SIGKILL', at: Date.now(), series: 'square' });
      await until(18_000);
      process.kill(redis.pid, 'SIGSTOP');
      await until(24_000);
      process.kill(redis.pid, 'SIGCONT');
      recoveries.push({ what: 'redis resumed after SIGSTOP', at: Date.now(), series: 'square' });
      await until(30_000);
      await killSentinelMaster();
      await until(40_000);
      await stop(redis, 'SIGKILL');
      redis = await startRedis(dir, redis.port);
      mine.push(redis);
      recoveries.push({ what: 'redis killed and restarted at once', at: Date.now(), series: 'square' });
      await until(46_000);
      await replicaBack;
      await killSentinelMaster();
      await until(60_000);
    } finally {
      report = await finishTraffic();
      sentinelClient.disconnect();
      await replicaBack.catch(() => undefined);
    }

    const ms = (x: number): string => `${x.toFixed(0)} ms`;
    const resumedAfter = (s: ChaosSeries, at: number): number => (s.hits.find((h) => h > at) ?? Infinity) - at;
    const resumed = recoveries.map((r) => ({ ...r, ms: resumedAfter(report[r.series], r.at) }));
    const { square, cube } = report;
    // Time the traffic process stood still without using the CPU is time the machine did not run
    // it (other processes' load, measured there every 10 ms); a call is only charged the rest.
    const offCpu = (from: number, to: number): number => report.stalls
      .filter((x) => x.cpuMs * 2 < x.ms)
      .reduce((sum, x) => sum + Math.max(0, Math.min(to, x.at + x.ms) - Math.max(from, x.at)), 0);
    const late = [...square.late, ...cube.late].map(([at, took]) => ({ at: at - t0, took, charged: took - offCpu(at, at + took) }));
    const charged = Math.max(0, ...late.map((c) => c.charged));
    console.log([
      `[chaos] ${square.calls + cube.calls} calls in ${ms(Date.now() - t0)}`,
      `slowest: square ${ms(square.slowest.ms)} at ${ms(square.slowest.at - t0)}, cube ${ms(cube.slowest.ms)} at ${ms(cube.slowest.at - t0)} (bound ${T + SLACK})`,
      `late calls [start, took, charged once off-CPU stalls are taken out]: ${JSON.stringify(late.slice(0, 10).map((c) => [c.at, c.took, Math.round(c.charged)]))} (${late.length} in all)`,
      `event-loop delay of the traffic process: p99 ${ms(report.lag.p99)}, max ${ms(report.lag.max)}; ` +
        `stalls over 40 ms [at, ms, own cpu ms]: ${JSON.stringify(report.stalls.map((x) => [x.at - t0, x.ms, x.cpuMs]))}`,
      ...resumed.map((r) => `hits resumed ${ms(r.ms)} after ${r.what} (at ${ms(r.at - t0)})`),
    ].join('\n'));
    expect([...square.wrong, ...cube.wrong].slice(0, 5)).toEqual([]);
    expect(report.unhandled).toEqual([]);
    expect(charged).toBeLessThanOrEqual(T + SLACK);
    for (const r of resumed) expect(r.ms, r.what).toBeLessThanOrEqual(RESUME_MS);
  }, 120_000);
});
