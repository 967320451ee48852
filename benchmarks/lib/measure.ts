import { GCProfiler } from 'node:v8';
import type { Servers } from './servers.js';
import type { Build } from './subjects.js';

/** Who a row stands for: the raw client (floor), decocache, a peer library, or decocache of `--ref`. */
export type Kind = 'floor' | 'decocache' | 'peer' | 'ref';

/** One measured operation of a group. */
export interface Case {
  name: string;
  kind: Kind;
  /** Makes `calls` calls one after another and resolves when all are done. */
  run: (calls: number) => Promise<unknown>;
  /** Operations one call stands for (64 for "64 concurrent hits"), so rows report per operation. */
  opsPerCall?: number;
  /** Untimed, before every block: a miss row empties its store so every block starts alike. */
  reset?: () => unknown;
}

/** Rows compared in one table: same scenario, same backend, same key, measured interleaved. */
export interface Group {
  /** What `--group` selects, e.g. `redis-hit`. */
  id: string;
  scenario: string;
  backend: 'memory' | 'redis' | 'memcached';
  title: string;
  /** Name of the case every other row is divided by, round by round. */
  baseline: string;
  cases: Case[];
  note?: string;
  /** Observations made while building the group (e.g. Redis commands per hit). */
  facts?: Record<string, string | number>;
  /**
   * Calls per block, fixed instead of calibrated: for rows whose cost per call depends on how many
   * calls a block makes (a miss row's store grows by one entry per call until the next reset).
   */
  callsPerBlock?: number;
  /** Rows that never wait (short blocks, a full GC before each); default: in-memory groups. */
  inProcess?: boolean;
  /** Whether the ratios are judged over the quiet rounds; default: remote groups (interleave.ts judgedQuiet). */
  quiet?: boolean;
}

/** How to build one group; run.ts builds only the groups it will measure. */
export interface GroupSpec {
  id: string;
  /** Only measured when named with `--group` (slots for work that has not landed, costly extras). */
  optional?: boolean;
  build(ctx: Context): Promise<Group>;
}

/** A measured row: medians over the measured rounds and the per-round series they come from. */
export interface Row {
  name: string;
  kind: Kind;
  /** Calls per block, fixed after calibration. */
  callsPerBlock: number;
  /** Median over rounds of the block's wall time per operation, ns. */
  wallNs: number;
  /** Median over rounds of the process's CPU time (user + system) per operation, ns. */
  cpuNs: number;
  /** Median of the per-round ratios of this row's wall time to the baseline's, and their quartiles. */
  wallRatio: Spread;
  /** The same for CPU time. */
  cpuRatio: Spread;
  /** wallRatio over the quietest quarter of rounds only (see quietRounds). */
  quietWallRatio: Spread;
  /** cpuRatio over the quietest quarter of rounds only. */
  quietCpuRatio: Spread;
  /**
   * The same for user CPU alone (in latest.json only): Linux splits a process's CPU time into user
   * and system by timer-tick samples, a few dozen per block, so this ratio is too noisy to judge by.
   */
  quietUserRatio: Spread;
  /** Heap bytes allocated per operation, measured after the rounds (see allocPerOp). */
  bytesPerOp: number;
  /** Wall, CPU and user CPU ns per operation of each measured round, in round order. */
  rounds: { wallNs: number[]; cpuNs: number[]; userNs: number[] };
}

/** A median and the quartiles around it. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
}

/** How long and how often the rows of a group are measured. */
export interface RunOptions {
  /** Target duration of one block, ms; calls per block are calibrated to it per row. */
  blockMs: number;
  /** The same for in-memory groups, whose rows are CPU-bound (see interleave.ts). */
  memoryBlockMs: number;
  /** Rounds run and discarded before measuring (after calibration). */
  warmupRounds: number;
  /** Measured rounds; every row runs one block per round. */
  rounds: number;
  /** The rounds of every group are run in this many passes over all groups (see run.ts). */
  passes: number;
  /** Operations measured for allocation per row. */
  allocOps: number;
}

/** What a group builder gets: the servers, whether this is a quick run, and a place to register cleanup. */
export interface Context {
  servers: Servers;
  quick: boolean;
  /** The decocache builds to measure: this checkout's, then `--ref`'s if given. */
  builds: readonly Build[];
  /** Called after the run (close caches and peer clients the group opened). */
  onClose(close: () => Promise<unknown>): void;
}

declare const gc: (() => void) | undefined;

/**
 * Bytes allocated per operation: heapUsed after minus before, plus what each collection in between
 * freed (GCProfiler reports heap use before and after every GC), so a scavenge in the middle of
 * the loop does not make the delta negative. Needs --expose-gc to start from a clean heap.
 */
export async function allocPerOp(c: Case, ops: number): Promise<number> {
  const calls = Math.max(50, Math.round(ops / (c.opsPerCall ?? 1)));
  await c.reset?.();
  await c.run(1);
  if (typeof gc === 'function') gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < calls; i++) await c.run(1);
  const after = process.memoryUsage().heapUsed;
  const stats = profiler.stop();
  let freed = 0;
  for (const s of stats?.statistics ?? []) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return Math.max(0, (after - before + freed) / (calls * (c.opsPerCall ?? 1)));
}

/** Makes `calls` calls of `op` one after another, each awaited: a latency, not a throughput. */
export function sequential(op: () => unknown): (calls: number) => Promise<void> {
  return async (calls) => {
    for (let i = 0; i < calls; i++) await op();
  };
}

/** The median and quartiles of a series (linear interpolation between ranks). */
export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => {
    if (s.length === 0) return NaN;
    const i = q * (s.length - 1);
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75) };
}

/** Median over rounds of a[i] / b[i] (over the rounds in `only`, if given): two rows compared round by round, so a load change cancels. */
export function roundRatio(a: readonly number[], b: readonly number[], only?: readonly number[]): Spread {
  return spread((only ?? a.map((_, i) => i)).map((i) => a[i]! / b[i]!));
}

/**
 * The quietest quarter of rounds (at least 5): a round's loudness is the median, over all rows,
 * of the row's wall time that round ÷ the row's median wall time, so no single row (the baseline
 * least of all) picks the rounds. On this machine a loopback round trip is ~30 µs while Node and
 * the server each have a core and ~85 µs while they share one, in stretches of seconds; a remote
 * row that does not follow the raw client between the two regimes (decocache's memcached hit,
 * two requests per hit, did not) then has a ratio that depends on the mix: 1.47× in one run,
 * 2.10× in the next. Over the quiet rounds both runs gave the same. The targets of issue 11 are
 * stated for a quiet machine, so the remote-hit verdicts use these.
 */
export function quietRounds(series: readonly { wallNs: readonly number[] }[]): number[] {
  const n = series[0]?.wallNs.length ?? 0;
  const medians = series.map((s) => spread(s.wallNs).median);
  const loudness = Array.from({ length: n }, (_, r) => spread(series.map((s, i) => s.wallNs[r]! / medians[i]!)).median);
  const keep = Math.min(n, Math.max(5, Math.round(n / 4)));
  return loudness.map((l, r) => [l, r] as const).sort((x, y) => x[0] - y[0]).slice(0, keep).map(([, r]) => r).sort((x, y) => x - y);
}
