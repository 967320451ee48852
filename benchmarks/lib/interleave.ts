import { allocPerOp, roundRatio, spread, type Case, type Group, type Row, type RunOptions } from './measure.js';

declare const gc: ((options?: { type: 'minor' | 'major' }) => void) | undefined;

/** Wall and CPU nanoseconds per operation of one block. */
interface Block {
  wallNs: number;
  cpuNs: number;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Times one block: `calls` calls of the case, wall clock and the process's CPU time (user +
 * system, every thread: JS, GC helpers, libuv) around it. Before the block, untimed: the case's
 * reset, one turn of the event loop so the previous row's leftover I/O is not billed here, and a
 * minor GC so each row starts with an empty young generation and pays for its own scavenges.
 */
async function block(c: Case, calls: number): Promise<Block> {
  await c.reset?.();
  await tick();
  if (typeof gc === 'function') gc({ type: 'minor' });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await c.run(calls);
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const ops = calls * (c.opsPerCall ?? 1);
  return { wallNs: wall / ops, cpuNs: ((cpu.user + cpu.system) * 1000) / ops };
}

/** Calls that fill `blockMs` at `nsPerOp`, at least MIN_CALLS so per-block fixed costs stay small. */
function blockCalls(c: Case, nsPerOp: number, blockMs: number): number {
  return Math.max(MIN_CALLS, Math.round((blockMs * 1e6) / (nsPerOp * (c.opsPerCall ?? 1))));
}

const MIN_CALLS = 20;

/**
 * A first guess at calls per block: doubles from one call until a block takes a quarter of the
 * target, then scales to the target. The warm-up rounds then set the number used for measuring.
 */
async function calibrate(c: Case, blockMs: number): Promise<number> {
  for (let calls = 1; ; calls *= 2) {
    const { wallNs } = await block(c, calls);
    if ((wallNs * calls * (c.opsPerCall ?? 1)) / 1e6 >= blockMs / 4 || calls >= 1 << 24) return blockCalls(c, wallNs, blockMs);
  }
}

/**
 * The order of round r: a shuffle (seeded, so a run can be repeated), not a rotation, because a
 * row's block pays for what the row before it left behind (timers, a client's background reads,
 * garbage), and under a rotation every row keeps the same predecessor in every round.
 */
function shuffled(n: number, r: number): number[] {
  let seed = (r + 1) * 0x9e3779b1;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * Measures a group interleaved: after calibration and warm-up rounds, every round runs one block
 * of each row, round-robin (in a new order each round), so all rows see the same load within about a
 * second; each row is then compared with the baseline round by round, and the median of those
 * per-round ratios is the verdict. Allocation is measured after the rounds, row by row.
 */
export async function runGroup(group: Group, options: RunOptions, progress?: (line: string) => void): Promise<Row[]> {
  const base = group.cases.findIndex((c) => c.name === group.baseline);
  if (base < 0) throw new Error(`${group.id}: baseline "${group.baseline}" is not one of its rows`);
  const calls: number[] = [];
  for (const c of group.cases) {
    await block(c, 1);
    calls.push(await calibrate(c, options.blockMs));
  }
  const series = group.cases.map(() => ({ wallNs: [] as number[], cpuNs: [] as number[] }));
  const warm = group.cases.map(() => [] as number[]);
  const total = options.warmupRounds + options.rounds;
  for (let r = 0; r < total; r++) {
    if (r === options.warmupRounds) {
      // One calibration block can land in a load spike (a Redis row once got 8 calls per block
      // instead of ~800, and fixed per-block costs then dominated); the warm-up rounds' median decides.
      warm.forEach((w, i) => (calls[i] = blockCalls(group.cases[i]!, spread(w).median, options.blockMs)));
    }
    for (const i of shuffled(group.cases.length, r)) {
      const b = await block(group.cases[i]!, calls[i]!);
      if (r < options.warmupRounds) warm[i]!.push(b.wallNs);
      else {
        series[i]!.wallNs.push(b.wallNs);
        series[i]!.cpuNs.push(b.cpuNs);
      }
    }
    progress?.(`${group.id}: round ${r + 1}/${total}`);
  }
  const baseSeries = series[base]!;
  const rows: Row[] = [];
  for (const [i, c] of group.cases.entries()) {
    const s = series[i]!;
    rows.push({
      name: c.name,
      kind: c.kind,
      callsPerBlock: calls[i]!,
      wallNs: spread(s.wallNs).median,
      cpuNs: spread(s.cpuNs).median,
      wallRatio: roundRatio(s.wallNs, baseSeries.wallNs),
      cpuRatio: roundRatio(s.cpuNs, baseSeries.cpuNs),
      bytesPerOp: await allocPerOp(c, options.allocOps),
      rounds: s,
    });
  }
  return rows;
}
