import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { busClock } from '../../src/fleet/bus-message.js';
import { checkHistory, type CheckResult, type FleetOp, type Heard } from './fleet-checker.js';
import type { FleetRole, FleetWorkerConfig, TierSample } from './fleet-worker-process.js';
import { HOST, cli, removeDir, sleep, stop, tempDir, type Server } from './servers/process.js';
import { startRedis } from './servers/redis.js';
import { takeTurn } from './turns.js';
import { bundledScript } from './bundled-script.js';

const script = fileURLToPath(new URL('./fleet-worker-process.ts', import.meta.url));

/** Something done to the run's Redis at `atMs` after the start. */
export interface ChaosStep {
  atMs: number;
  action: 'kill-pubsub' | 'restart-redis';
}

/** How a fleet run is set up. */
export interface FleetRunOptions {
  workers: number;
  durationMs: number;
  keys: number;
  /** Concurrent operation loops per worker. */
  concurrency: number;
  /** Where the truth counters live (a Redis that is never restarted). */
  truthPort: number;
  boundMs: number;
  /** Reads' replies are held up to this many ms (a network), widening the window an invalidation can overtake a read in. */
  replyDelayMs: number;
  chaos?: ChaosStep[];
  /** What each worker does; default mixed and reader in turn. */
  roles?: FleetRole[];
  /** Ms between two operations of one loop, at most; default 2. */
  pauseMs?: number;
}

/** Percentiles of a sample, in ms. */
export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** What a fleet run measured and found. */
export interface FleetReport {
  check: CheckResult;
  /** Bus lag: from the write's completion in one process to the message's arrival in another. */
  propagation: Spread;
  /** How late after an invalidation the stale reads within the bound started. */
  staleWindow: Spread;
  /** Operations that failed (a dead Redis). */
  failed: number;
  /** Shared clock times at which each chaos step was done. */
  chaosAt: { action: ChaosStep['action']; t: number }[];
  /** Tier counters of each worker over time. */
  samples: TierSample[][];
  startedAt: number;
}

/** p50, p99 and max of `values`. */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

/** What a worker writes when its run is over. */
interface WorkerLog {
  busId: string;
  ops: FleetOp[];
  lags: number[];
  heard: [string, number, number][];
  samples: TierSample[];
}

interface Child {
  process: ChildProcess;
  next(): Promise<Record<string, unknown>>;
}

function startChild(program: string, config: FleetWorkerConfig): Child {
  const child = spawn(process.execPath, [program], { env: { ...process.env, DECOCACHE_FLEET_WORKER: JSON.stringify(config) }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => (waiting.length > 0 ? waiting.shift()!(line) : queue.push(line)));
  // Its output closes after the last line it wrote was read: only then is a missing line an error.
  const exited = new Promise<never>((_, reject) => lines.once('close', () => reject(new Error(`fleet worker ended (exit code ${child.exitCode})`))));
  exited.catch(() => {});
  return {
    process: child,
    // A line already read wins over the end of the output, however late it is asked for.
    next: () =>
      (queue.length > 0 ? Promise.resolve(queue.shift()!) : Promise.race([exited, new Promise<string>((resolve) => waiting.push(resolve))])).then(
        (l) => JSON.parse(l) as Record<string, unknown>,
      ),
  };
}

/**
 * Runs `workers` processes of random operations against one private redis-server for
 * `durationMs`, doing the chaos steps on the way, then checks the merged history.
 */
export async function runFleet(options: FleetRunOptions): Promise<FleetReport> {
  // Each run keeps about a core busy: spec files holding one wait for each other's to end.
  const release = await takeTurn(options.truthPort, 'fleet-run', options.durationMs + 120_000);
  try {
    return await runFleetNow(options);
  } finally {
    await release();
  }
}

async function runFleetNow(options: FleetRunOptions): Promise<FleetReport> {
  const dir = tempDir('decocache-fleet-run-');
  let server: Server = await startRedis(dir);
  const run = `fleet${process.pid}_${Date.now().toString(36)}`;
  const children: Child[] = [];
  try {
    const program = await bundledScript(script);
    const keys = Array.from({ length: options.keys }, (_, i) => `k${i}`);
    for (let w = 0; w < options.workers; w++) {
      children.push(startChild(program, {
        cachePort: server.port, truthPort: options.truthPort, host: HOST, prefix: `${run}_`, truthKey: `${run}:truth`,
        keys, concurrency: options.concurrency, logPath: join(dir, `worker-${w}.json`), role: options.roles?.[w] ?? (w % 2 === 0 ? 'mixed' : 'reader'), replyDelayMs: options.replyDelayMs, pauseMs: options.pauseMs ?? 2,
      }));
    }
    for (const child of children) await child.next();
    const startedAt = busClock();
    const until = startedAt + options.durationMs;
    for (const child of children) child.process.stdin!.write(`${JSON.stringify({ until })}\n`);
    const chaosAt: FleetReport['chaosAt'] = [];
    for (const step of [...(options.chaos ?? [])].sort((a, b) => a.atMs - b.atMs)) {
      await sleep(Math.max(0, startedAt + step.atMs - busClock()));
      chaosAt.push({ action: step.action, t: busClock() });
      if (step.action === 'kill-pubsub') await cli(server.port, 'client', 'kill', 'type', 'pubsub');
      else {
        await stop(server);
        await sleep(300);
        server = await startRedis(dir, server.port);
      }
    }
    for (const child of children) await child.next();
    const logs = children.map((_, w) => JSON.parse(readFileSync(join(dir, `worker-${w}.json`), 'utf8')) as WorkerLog);
    const worker = new Map(logs.map((l, w) => [l.busId, w]));
    const ops = logs.flatMap((l, p) => l.ops.map((op) => ({ ...op, p })));
    const heard: Heard[] = logs.flatMap((l, p) => l.heard.map(([from, at, receivedAt]) => ({ p, from: worker.get(from) ?? -1, at, receivedAt })));
    const check = checkHistory(ops, options.boundMs, heard);
    return {
      check,
      propagation: spread(logs.flatMap((l) => l.lags)),
      staleWindow: spread(check.withinBound.map((s) => s.lateBy)),
      failed: ops.filter((op) => !op.ok).length,
      chaosAt,
      samples: logs.map((l) => l.samples),
      startedAt,
    };
  } finally {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await stop(server);
    removeDir(dir);
  }
}

/** One line per measure, for the spec's output and the report. */
export function describeReport(report: FleetReport): string {
  const { check, propagation: p, staleWindow: s } = report;
  const f = (n: number) => n.toFixed(2);
  return [
    `operations: ${JSON.stringify(check.counts)}, failed ${report.failed}`,
    `bus propagation (ms): n=${p.count} p50=${f(p.p50)} p99=${f(p.p99)} max=${f(p.max)}`,
    `stale reads within the bound: n=${s.count} p50=${f(s.p50)} p99=${f(s.p99)} max=${f(s.max)} ms after the invalidation`,
    `late stores (memoize's store-after-delete race): ${check.lateStores.length}`,
    `joined flights (memoize's single-flight shared across an invalidation): ${check.joinedFlights.length}`,
    `violations: ${check.violations.length} (${(['bound', 'heard', 'own write'] as const).map((b) => `${b}: ${check.violations.filter((v) => v.breach === b).length}`).join(', ')})`,
  ].join('\n');
}
