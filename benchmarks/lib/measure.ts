import { GCProfiler } from 'node:v8';
import { Bench } from 'tinybench';

/** Who a row stands for: the raw client (floor), decocache, or a peer library. */
export type Kind = 'floor' | 'decocache' | 'peer';

/** One measured operation of a scenario. */
export interface Case {
  name: string;
  kind: Kind;
  /** Performs `batch` operations (see Group.batch) and resolves when all are done. */
  run: (batch: number) => Promise<unknown>;
  /** Operations one call of `run(1)` stands for (64 for "64 concurrent hits"), for throughput. */
  opsPerCall?: number;
}

/** Cases compared in one table: same scenario, same backend, same key. */
export interface Group {
  scenario: string;
  backend: 'memory' | 'redis' | 'memcached';
  title: string;
  /**
   * Operations per timed sample. tinybench times each iteration with the clock, which is too
   * coarse for a 100 ns Map.get, so fast cases run a batch per sample and report time / batch.
   */
  batch: number;
  cases: Case[];
  note?: string;
  /** Observations made while building the group (e.g. Redis commands per hit). */
  facts?: Record<string, string | number>;
}

/** A measured row. */
export interface Row {
  scenario: string;
  backend: string;
  name: string;
  kind: Kind;
  /** Median time of one call, in ns. */
  medianNs: number;
  /** 99th percentile of the per-sample average, in ns. */
  p99Ns: number;
  /** Calls per second from the median, times opsPerCall. */
  opsPerSec: number;
  /** Bytes allocated per call, from heap use corrected for collections in between. */
  bytesPerOp: number;
  samples: number;
}

export interface RunOptions {
  /** Measuring time per case, ms. */
  timeMs: number;
  warmupMs: number;
  /** Calls measured for allocation per case. */
  allocOps: number;
}

declare const gc: (() => void) | undefined;

/**
 * Bytes allocated per call: heapUsed after minus before, plus what each collection in between
 * freed (GCProfiler reports heap use before and after every GC), so a scavenge in the middle of
 * the loop does not make the delta negative. Needs --expose-gc to start from a clean heap.
 */
export async function allocPerOp(run: (batch: number) => Promise<unknown>, ops: number): Promise<number> {
  await run(1);
  if (typeof gc === 'function') gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < ops; i++) await run(1);
  const after = process.memoryUsage().heapUsed;
  const stats = profiler.stop();
  let freed = 0;
  for (const s of stats?.statistics ?? []) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return Math.max(0, (after - before + freed) / ops);
}

/** Runs every case of a group back to back (one tinybench run) and measures allocation after. */
export async function runGroup(group: Group, options: RunOptions): Promise<Row[]> {
  const bench = new Bench({ name: group.title, time: options.timeMs, warmupTime: options.warmupMs, iterations: 10 });
  const batch = group.batch;
  for (const c of group.cases) bench.add(c.name, () => c.run(batch));
  await bench.run();
  const rows: Row[] = [];
  for (const c of group.cases) {
    const task = bench.getTask(c.name);
    const result = task?.result;
    if (!result || !('latency' in result)) {
      const error = result && 'error' in result ? String((result as { error: unknown }).error) : 'no result';
      throw new Error(`${group.title} / ${c.name}: ${error}`);
    }
    const medianNs = (result.latency.p50 * 1e6) / batch;
    const allocOps = Math.max(50, Math.round(options.allocOps / (c.opsPerCall ?? 1)));
    rows.push({
      scenario: group.scenario,
      backend: group.backend,
      name: c.name,
      kind: c.kind,
      medianNs,
      p99Ns: (result.latency.p99 * 1e6) / batch,
      opsPerSec: (1e9 / medianNs) * (c.opsPerCall ?? 1),
      bytesPerOp: await allocPerOp(c.run, allocOps),
      samples: result.latency.samplesCount,
    });
  }
  return rows;
}

/** Runs `op` `batch` times one after another (each awaited): a latency, not a throughput. */
export function sequential(op: () => Promise<unknown>): (batch: number) => Promise<void> {
  return async (batch) => {
    for (let i = 0; i < batch; i++) await op();
  };
}

/** What a scenario gets: the servers, whether this is a smoke run, and a place to register cleanup. */
export interface Context {
  servers: import('./servers.js').Servers;
  quick: boolean;
  /** Called after the run (close caches and peer clients the scenario opened). */
  onClose(close: () => Promise<unknown>): void;
}

/** One benchmark scenario file: builds its groups, which run.ts measures in order. */
export interface Scenario {
  id: string;
  title: string;
  groups(ctx: Context): Promise<Group[]>;
}
