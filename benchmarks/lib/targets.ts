import type { Row } from './measure.js';
import { floorOf, fmtTime, type GroupResult } from './report.js';

const KEYED_FLOOR = 'repr+sha256 key, await Map.get';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const line = (ok: boolean, text: string): string => `${ok ? 'PASS' : 'MISS'}  ${text}`;

function find(results: readonly GroupResult[], scenario: string, backend: string): GroupResult[] {
  return results.filter((r) => r.group.scenario === scenario && r.group.backend === backend);
}

/** Latency target: every decocache row within `factor` × the group's floor. */
function withinFloor(result: GroupResult, factor: number, label: string): string[] {
  const floor = floorOf(result.rows);
  if (!floor) return [];
  return result.rows
    .filter((r) => r.kind === 'decocache')
    .map((r) => {
      const ratio = r.medianNs / floor.medianNs;
      return line(ratio <= factor, `${label}: ${r.name} ${fmtTime(r.medianNs)} = ${ratio.toFixed(2)}× ${floor.name} ${fmtTime(floor.medianNs)} (target ≤ ${factor}×)`);
    });
}

/**
 * One PASS/MISS line per target of the issue, per decocache row (the plain memoized function and
 * the decorated method are reported separately: the method reads one more version key).
 */
export function verdicts(results: readonly GroupResult[]): string[] {
  const out: string[] = [];
  for (const mem of find(results, 'hit-primitive', 'memory')) {
    const peers = mem.rows.filter((r) => r.kind === 'peer');
    const best = peers.reduce<Row | undefined>((b, r) => (b && b.medianNs <= r.medianNs ? b : r), undefined);
    const keyed = mem.rows.find((r) => r.name === KEYED_FLOOR);
    const plain = mem.rows.find((r) => r.kind === 'floor' && r.name !== KEYED_FLOOR);
    for (const r of mem.rows.filter((x) => x.kind === 'decocache')) {
      if (best) out.push(line(r.medianNs < best.medianNs, `in-memory hit faster than every peer: ${r.name} ${fmtTime(r.medianNs)} vs fastest peer ${best.name} ${fmtTime(best.medianNs)}`));
      if (keyed) {
        const ratio = r.medianNs / keyed.medianNs;
        const vsPlain = plain ? `; ${(r.medianNs / plain.medianNs).toFixed(1)}× plain await Map.get ${fmtTime(plain.medianNs)}` : '';
        out.push(line(ratio <= 3, `in-memory hit within 3× keyed floor: ${r.name} = ${ratio.toFixed(2)}× (${fmtTime(keyed.medianNs)})${vsPlain}`));
      }
    }
  }
  for (const g of find(results, 'hit-primitive', 'redis')) {
    out.push(...withinFloor(g, 1.15, 'Redis hit latency'));
    const cmds = g.facts['Redis commands per decocache hit'];
    if (cmds !== undefined) out.push(line(cmds === '1 / 1', `Redis hit is one round trip: commands per hit (fn / method) = ${cmds}`));
  }
  for (const g of find(results, 'hit-primitive', 'memcached')) out.push(...withinFloor(g, 1.3, 'memcached hit latency'));
  for (const g of find(results, 'concurrent-redis', 'redis')) {
    const floor = floorOf(g.rows);
    if (!floor) continue;
    for (const r of g.rows.filter((x) => x.kind === 'decocache')) {
      const ratio = r.opsPerSec / floor.opsPerSec;
      out.push(line(ratio >= 0.8, `${g.group.title}: ${r.name} ${Math.round(r.opsPerSec).toLocaleString('en-US')} hits/s = ${ratio.toFixed(2)}× raw (target ≥ 0.8×)`));
    }
  }
  for (const g of results) {
    const peers = g.rows.filter((r) => r.kind === 'peer').map((r) => r.bytesPerOp);
    if (peers.length === 0) continue;
    const m = median(peers);
    for (const r of g.rows.filter((x) => x.kind === 'decocache')) {
      const ratio = m > 0 ? r.bytesPerOp / m : Infinity;
      out.push(line(ratio <= 2, `memory, ${g.group.title}: ${r.name} ${Math.round(r.bytesPerOp)} B/op = ${ratio.toFixed(2)}× peers' median ${Math.round(m)} B/op (target ≤ 2×)`));
    }
  }
  return out;
}
