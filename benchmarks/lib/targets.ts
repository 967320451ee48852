import { BARE_GET, KEYED_FLOOR } from './hit-group.js';
import { roundRatio, spread, type Row, type Spread } from './measure.js';
import { fmtRatio, fmtTime, type GroupResult } from './report.js';
import { BENTO_TWO_TIER, LOCAL_ROW } from '../scenarios/local-tier.js';

const line = (ok: boolean, issue: number, text: string): string => `${ok ? 'PASS' : 'MISS'}  [#${issue}] ${text}`;
const note = (issue: number, text: string): string => `NOTE  [#${issue}] ${text}`;

const byId = (results: readonly GroupResult[], id: string): GroupResult | undefined => results.find((r) => r.group.id === id);
const named = (g: GroupResult, name: string): Row | undefined => g.rows.find((r) => r.name === name);
/** The two rows every decocache target is stated for: the memoized function and the decorated method. */
const subjects = (g: GroupResult): Row[] => g.rows.filter((r) => r.kind === 'decocache' && !r.name.includes('plain client') && !r.name.includes('threshold'));

/** `a` ÷ `b` round by round, wall time. */
const vs = (a: Row, b: Row): Spread => roundRatio(a.rounds.wallNs, b.rounds.wallNs);
/** `a` ÷ `b` round by round, CPU time. */
const vsCpu = (a: Row, b: Row): Spread => roundRatio(a.rounds.cpuNs, b.rounds.cpuNs);

/**
 * Issue 11: a remote hit's CPU ≤ 1.3× and wall ≤ 1.2× the raw client's read + JSON.parse, on a
 * quiet machine: judged over the quiet rounds, with every round's ratio beside.
 */
function remoteHit(g: GroupResult | undefined, what: string): string[] {
  if (!g) return [];
  return subjects(g).flatMap((r) => [
    line(r.quietCpuRatio.median <= 1.3, 11, `${what} hit CPU: ${r.name} = ${fmtRatio(r.quietCpuRatio)}× ${g.group.baseline} over the quiet rounds (all rounds ${fmtRatio(r.cpuRatio, false)}×, ${fmtTime(r.cpuNs)}) (target ≤ 1.3×)`),
    line(r.quietWallRatio.median <= 1.2, 11, `${what} hit wall: ${r.name} = ${fmtRatio(r.quietWallRatio)}× over the quiet rounds (all rounds ${fmtRatio(r.wallRatio, false)}×, ${fmtTime(r.wallNs)}) (target ≤ 1.2×)`),
  ]);
}

/**
 * Every decocache row against named peers, in memory: `ok(ratio)` decides on CPU time, which for
 * code that never waits is the work itself (wall adds whatever the scheduler gave to other
 * processes); the wall ratio is shown beside it.
 */
function againstPeers(g: GroupResult | undefined, peers: (r: Row) => boolean, ok: (ratio: number, peer: Row) => boolean, target: (peer: Row) => string, what: string): string[] {
  if (!g) return [];
  const out: string[] = [];
  for (const r of subjects(g)) {
    for (const p of g.rows.filter((x) => x.kind === 'peer' && peers(x))) {
      const cpu = vsCpu(r, p);
      const text = `${r.name} CPU ${fmtTime(r.cpuNs)} = ${fmtRatio(cpu)}× ${p.name} ${fmtTime(p.cpuNs)}, wall ${fmtRatio(vs(r, p), false)}×`;
      out.push(line(ok(cpu.median, p), 11, `${what}: ${text} (target ${target(p)})`));
    }
  }
  return out;
}

/** The targets of issue 11 ("Speed to reach"). */
function issue11(results: readonly GroupResult[]): string[] {
  const ahead = (): string => '< 1×';
  return [
    ...remoteHit(byId(results, 'redis-hit'), 'Redis'),
    ...remoteHit(byId(results, 'memcached-hit'), 'memcached'),
    ...againstPeers(byId(results, 'memory-hit'), () => true, (x) => x < 1, ahead, 'in-memory hit ahead of every peer'),
    ...againstPeers(byId(results, 'memory-miss'), () => true, (x, p) => (p.name.startsWith('p-memoize') ? x <= 2 : x < 1),
      (p) => (p.name.startsWith('p-memoize') ? '≤ 2×' : '< 1×'), 'in-memory miss + store'),
    ...againstPeers(byId(results, 'object-hit'), (p) => p.name.startsWith('p-memoize'), (x) => x < 1, ahead, '20-field object hit ahead of p-memoize'),
  ];
}

/** The targets of issue 5, kept so a regression shows. */
function issue5(results: readonly GroupResult[]): string[] {
  const out: string[] = [];
  const mem = byId(results, 'memory-hit');
  const keyed = mem && named(mem, KEYED_FLOOR);
  if (mem && keyed) for (const r of subjects(mem)) out.push(line(vsCpu(r, keyed).median <= 3, 5, `in-memory hit within 3× the keyed floor: ${r.name} CPU = ${fmtRatio(vsCpu(r, keyed))}× ${KEYED_FLOOR}`));
  for (const [id, bare, factor] of [['redis-hit', BARE_GET.redis, 1.15], ['memcached-hit', BARE_GET.memcached, 1.3]] as const) {
    const g = byId(results, id);
    const floor = g && named(g, bare);
    if (g && floor) for (const r of subjects(g)) out.push(line(vs(r, floor).median <= factor, 5, `${id} latency: ${r.name} = ${fmtRatio(vs(r, floor))}× ${bare} (target ≤ ${factor}×)`));
  }
  const redis = byId(results, 'redis-hit');
  for (const [k, v] of Object.entries(redis?.facts ?? {})) {
    if (k.startsWith('Redis commands per decocache hit')) out.push(line(v === '1 / 1', 5, `Redis hit is one round trip: ${k} = ${v}`));
  }
  const conc = byId(results, 'redis-concurrent');
  if (conc) {
    for (const r of subjects(conc)) {
      const throughput = 1 / r.wallRatio.median;
      out.push(line(throughput >= 0.8, 5, `64 distinct concurrent Redis hits: ${r.name} ${Math.round(1e9 / r.wallNs).toLocaleString('en-US')} hits/s = ${throughput.toFixed(2)}× ${conc.group.baseline} (target ≥ 0.8×)`));
    }
  }
  // The local-tier group sets a Redis hit beside bentocache's in-process one: not like for like.
  for (const g of results.filter((x) => x.group.id !== 'local-tier')) {
    const peers = g.rows.filter((r) => r.kind === 'peer').map((r) => r.bytesPerOp);
    if (peers.length === 0) continue;
    const m = spread(peers).median;
    for (const r of subjects(g)) {
      const ratio = m > 0 ? r.bytesPerOp / m : Infinity;
      if (ratio > 2) out.push(line(false, 5, `allocation, ${g.group.id}: ${r.name} ${Math.round(r.bytesPerOp)} B/op = ${ratio.toFixed(2)}× the peers' median ${Math.round(m)} B/op (target ≤ 2×)`));
    }
  }
  if (!out.some((l) => l.includes('allocation,'))) out.push(line(true, 5, 'allocation: every decocache row ≤ 2× its group\'s peers\' median B/op'));
  return out;
}

/** Issue 12's local tier and issue 14's stats, when their groups ran. */
function laterIssues(results: readonly GroupResult[]): string[] {
  const out: string[] = [];
  const local = byId(results, 'local-tier');
  const bento = local && named(local, BENTO_TWO_TIER);
  const row = local && named(local, LOCAL_ROW);
  if (local && bento && row) {
    out.push(line(row.cpuRatio.median <= 2, 12, `local-tier hit CPU ${fmtTime(row.cpuNs)} = ${fmtRatio(row.cpuRatio)}× ${local.group.baseline} (target ≤ 2×)`));
    const faster = 1 / vsCpu(row, bento).median;
    out.push(line(faster >= 10, 12, `local-tier hit ${faster.toFixed(1)}× faster (CPU) than ${BENTO_TWO_TIER} ${fmtTime(bento.cpuNs)} (target ≥ 10×)`));
  } else if (local && bento) {
    out.push(note(12, `no local tier yet; ${BENTO_TWO_TIER} CPU ${fmtTime(bento.cpuNs)} = ${fmtRatio(bento.cpuRatio)}× ${local.group.baseline}`));
  }
  const stats = byId(results, 'stats-overhead');
  for (const r of stats?.rows.filter((x) => x.name !== stats.group.baseline) ?? []) {
    out.push(note(14, `${r.name} CPU = ${fmtRatio(r.cpuRatio)}× ${stats!.group.baseline} (counting must cost ≤ 5%)`));
  }
  return out;
}

/** One PASS/MISS (or NOTE) line per target, per decocache row, for the groups that ran. */
export function verdicts(results: readonly GroupResult[]): string[] {
  return [...issue11(results), ...issue5(results), ...laterIssues(results)];
}
