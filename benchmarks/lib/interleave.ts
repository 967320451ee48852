import { allocPerOp, quietRounds, roundRatio, spread, type Case, type Group, type Row, type RunOptions } from './measure.js';

declare const gc: ((options?: { type: 'minor' | 'major' }) => void) | undefined;

/** Wall and CPU nanoseconds per operation of one block. */
interface Block {
  wallNs: number;
  cpuNs: number;
  userNs: number;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long V8's helper threads get to finish sweeping after a full GC before a block starts. */
const SETTLE_MS = 3;

/** Untimed calls at the start of every block, which bring the row's code and data back into the CPU caches. */
const PRIME_CALLS = 2;

/**
 * Whether a group's rows run in process (CPU-bound): in-memory groups, and groups that say so.
 * Their blocks are short (at load 6 on this machine 92% of 25 ms blocks were preempted for a few
 * ms, which swamps a CPU-bound row's wall time; 61% of 5 ms blocks, 38% of 2 ms ones) and start
 * after a full GC.
 */
export const inProcess = (group: Pick<Group, 'inProcess' | 'backend'>): boolean => group.inProcess ?? group.backend === 'memory';

/**
 * Whether a group's ratios are judged over its quiet rounds (see measure.ts quietRounds): remote
 * groups of one operation at a time, unless they say otherwise. Bursts of concurrent operations
 * say otherwise: over their quiet rounds two runs at load 4 and 13 differed by up to 22%, over all
 * rounds by at most 9%.
 */
export const judgedQuiet = (group: Pick<Group, 'inProcess' | 'backend' | 'quiet'>): boolean => group.quiet ?? !inProcess(group);

/**
 * Times one block: `calls` calls of the case, wall clock and the process's CPU time (user +
 * system, every thread: JS, GC helpers, libuv) around it. Before the block, untimed: the case's
 * reset, a GC so each row pays for its own garbage, not its predecessor's, one turn of the event
 * loop so the previous row's leftover I/O is not billed here, and PRIME_CALLS calls. In-process
 * rows are allocation-bound, and a full collection of another row's promoted garbage landing in
 * their block moved their ratios by 20% between runs, so they get a full GC and a pause for V8's
 * background sweeping; remote rows, dominated by I/O, get a cheap minor GC.
 */
async function block(group: Group, c: Case, calls: number): Promise<Block> {
  await c.reset?.();
  if (typeof gc === 'function') {
    if (inProcess(group)) {
      gc({ type: 'major' });
      await sleep(SETTLE_MS);
    } else gc({ type: 'minor' });
  }
  await tick();
  await c.run(PRIME_CALLS);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await c.run(calls);
  const wall = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const ops = calls * (c.opsPerCall ?? 1);
  return { wallNs: wall / ops, cpuNs: ((cpu.user + cpu.system) * 1000) / ops, userNs: (cpu.user * 1000) / ops };
}

const MIN_CALLS = 20;

/**
 * Calls that fill `blockMs` at `nsPerOp`, at least MIN_CALLS, snapped to 1-2-5 steps (…, 100,
 * 200, 500, 1000, …) so that two runs under a different load mostly pick the same number: a row's
 * cost per call depends a little on how many calls share a block's fixed costs.
 */
function blockCalls(c: Case, nsPerOp: number, blockMs: number): number {
  const exact = Math.max(MIN_CALLS, (blockMs * 1e6) / (nsPerOp * (c.opsPerCall ?? 1)));
  const decade = 10 ** Math.floor(Math.log10(exact));
  const step = [1, 2, 5, 10].reduce((best, m) => (Math.abs(Math.log(m * decade / exact)) < Math.abs(Math.log(best * decade / exact)) ? m : best));
  return Math.max(MIN_CALLS, step * decade);
}

/**
 * A first guess at calls per block: doubles from one call until a block takes a quarter of the
 * target, then scales to the target. The warm-up rounds then set the number used for measuring.
 */
async function calibrate(group: Group, c: Case, blockMs: number): Promise<number> {
  for (let calls = 1; ; calls *= 2) {
    const { wallNs } = await block(group, c, calls);
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
 * One group being measured interleaved: every round runs one block of each row, in a new order
 * each round, so all rows see the same load within about a second; each row is then compared with
 * the baseline round by round, and the median of those per-round ratios is the verdict. The
 * rounds can be run in chunks (`rounds(n)`), so run.ts spreads a group's rounds over the whole
 * run in passes and every group samples the same mix of the machine's load.
 */
export class GroupRun {
  readonly group: Group;
  readonly #options: RunOptions;
  readonly #calls: number[] = [];
  readonly #series: { wallNs: number[]; cpuNs: number[]; userNs: number[] }[];
  #round = 0;

  constructor(group: Group, options: RunOptions) {
    if (!group.cases.some((c) => c.name === group.baseline)) throw new Error(`${group.id}: baseline "${group.baseline}" is not one of its rows`);
    this.group = group;
    this.#options = options;
    this.#series = group.cases.map(() => ({ wallNs: [], cpuNs: [], userNs: [] }));
  }

  /** Rounds measured so far. */
  get measured(): number {
    return this.#series[0]!.wallNs.length;
  }

  /**
   * Calibrates calls per block, then runs the warm-up rounds and sets the calls from the median of
   * their second half (the JIT has settled by then). In-process rows are sized by CPU time, which
   * the machine's load moves less than wall time; remote rows by wall time, which is mostly waiting.
   */
  async warmUp(): Promise<void> {
    const { cases, callsPerBlock } = this.group;
    const local = inProcess(this.group);
    const blockMs = local ? this.#options.memoryBlockMs : this.#options.blockMs;
    for (const c of cases) {
      await block(this.group, c, 1);
      this.#calls.push(callsPerBlock ?? (await calibrate(this.group, c, blockMs)));
    }
    const warm = cases.map(() => [] as number[]);
    for (let r = 0; r < this.#options.warmupRounds; r++) {
      for (const i of shuffled(cases.length, this.#round++)) {
        const b = await block(this.group, cases[i]!, this.#calls[i]!);
        if (r >= this.#options.warmupRounds / 2) warm[i]!.push(local ? b.cpuNs : b.wallNs);
      }
    }
    // One calibration block can land in a load spike (a Redis row once got 8 calls per block
    // instead of ~800, and fixed per-block costs then dominated); the warm-up rounds' median decides.
    if (callsPerBlock === undefined) warm.forEach((w, i) => (this.#calls[i] = blockCalls(cases[i]!, spread(w).median, blockMs)));
  }

  /** Runs `n` measured rounds. */
  async rounds(n: number): Promise<void> {
    const { cases } = this.group;
    for (let r = 0; r < n; r++) {
      for (const i of shuffled(cases.length, this.#round++)) {
        const b = await block(this.group, cases[i]!, this.#calls[i]!);
        this.#series[i]!.wallNs.push(b.wallNs);
        this.#series[i]!.cpuNs.push(b.cpuNs);
        this.#series[i]!.userNs.push(b.userNs);
      }
    }
  }

  /** The rows: medians, per-round ratios to the baseline, and allocation (measured now, row by row). */
  async rows(): Promise<Row[]> {
    const { cases, baseline } = this.group;
    const base = this.#series[cases.findIndex((c) => c.name === baseline)]!;
    const quiet = quietRounds(this.#series);
    const rows: Row[] = [];
    for (const [i, c] of cases.entries()) {
      const s = this.#series[i]!;
      rows.push({
        name: c.name,
        kind: c.kind,
        callsPerBlock: this.#calls[i]!,
        wallNs: spread(s.wallNs).median,
        cpuNs: spread(s.cpuNs).median,
        wallRatio: roundRatio(s.wallNs, base.wallNs),
        cpuRatio: roundRatio(s.cpuNs, base.cpuNs),
        quietWallRatio: roundRatio(s.wallNs, base.wallNs, quiet),
        quietCpuRatio: roundRatio(s.cpuNs, base.cpuNs, quiet),
        quietUserRatio: roundRatio(s.userNs, base.userNs, quiet),
        bytesPerOp: await allocPerOp(c, this.#options.allocOps),
        rounds: s,
      });
    }
    return rows;
  }
}
