/**
 * Whether two runs agree: for every row both ran, the ratio to its group's baseline (wall and CPU)
 * of run B over run A, and whether it is within the tolerance (issue 11 asks for 15%). With --md,
 * one markdown table per group with both runs side by side (what benchmarks/README.md shows).
 *
 *   npx vite-node benchmarks/compare.ts -- benchmarks/results/run-a.json benchmarks/results/run-b.json [--tolerance=0.15] [--md]
 */
import { readFileSync } from 'node:fs';
import { judgedQuiet } from './lib/interleave.js';
import { fmtTime, type GroupResult, type Machine } from './lib/report.js';

interface Run {
  machine: Machine;
  results: GroupResult[];
}

const argv = process.argv.slice(2);
const [fileA, fileB] = argv.filter((a) => !a.startsWith('--'));
if (!fileA || !fileB) {
  console.error('usage: compare.ts A.json B.json [--tolerance=0.15] [--md]');
  process.exit(2);
}
const tolerance = Number(argv.find((a) => a.startsWith('--tolerance='))?.split('=')[1] ?? 0.15);
const md = argv.includes('--md');
const load = (f: string): Run => JSON.parse(readFileSync(f, 'utf8')) as Run;
const [a, b] = [load(fileA), load(fileB)];

const out: string[] = [];
let worst = 0;
let off = 0;
let total = 0;
const r2 = (x: number): string => x.toFixed(x >= 10 ? 1 : 2);
const LABEL = { wallRatio: '×wall', cpuRatio: '×CPU', quietWallRatio: 'quiet ×wall', quietCpuRatio: 'quiet ×CPU' } as const;
let secondaryOff = 0;
let secondaryTotal = 0;
for (const ga of a.results) {
  const gb = b.results.find((g) => g.group.id === ga.group.id);
  if (!gb) continue;
  // Groups judged over their quiet rounds show their all-rounds ratios too, counted apart: those
  // follow how much of each run the machine spent in which regime.
  const remote = judgedQuiet(ga.group);
  const metrics = remote ? (['quietWallRatio', 'quietCpuRatio', 'wallRatio', 'cpuRatio'] as const) : (['wallRatio', 'cpuRatio'] as const);
  if (md) {
    out.push('', `#### ${ga.group.title} \`${ga.group.id}\``, '', `load A ${ga.load.map((l) => l.toFixed(1)).join('–')}, B ${gb.load.map((l) => l.toFixed(1)).join('–')}; each ratio cell is run A → run B`, '');
    out.push(`| | wall/op A, B | CPU/op A, B | ${metrics.map((m) => LABEL[m]).join(' | ')} |`, `|---|---:|---:|${metrics.map(() => '---:').join('|')}|`);
  }
  for (const ra of ga.rows) {
    const rb = gb.rows.find((r) => r.name === ra.name);
    if (!rb) continue;
    const isBase = ra.name === ga.group.baseline;
    const cells: string[] = [];
    let bad = false;
    for (const m of metrics) {
      const q = rb[m].median / ra[m].median;
      const dev = Math.abs(q - 1);
      const pair = `${r2(ra[m].median)} → ${r2(rb[m].median)}`;
      if (isBase) {
        cells.push('1');
        continue;
      }
      if (remote && (m === 'wallRatio' || m === 'cpuRatio')) {
        secondaryTotal++;
        if (dev > tolerance) secondaryOff++;
      } else {
        worst = Math.max(worst, dev);
        total++;
        if (dev > tolerance) {
          off++;
          bad = true;
        }
      }
      cells.push(dev > tolerance ? `**${pair}**` : pair);
    }
    const name = isBase ? `${ra.name} *(base)*` : ra.kind === 'decocache' ? `**${ra.name}**` : ra.name;
    if (md) out.push(`| ${name} | ${fmtTime(ra.wallNs)}, ${fmtTime(rb.wallNs)} | ${fmtTime(ra.cpuNs)}, ${fmtTime(rb.cpuNs)} | ${cells.join(' | ')} |`);
    else if (!isBase) out.push(`${bad ? 'OFF ' : 'ok  '} ${ga.group.id.padEnd(26)} ${ra.name.padEnd(52)} ${metrics.map((m, i) => `${LABEL[m]} ${cells[i]}`).join('   ')}`);
  }
}
console.log(out.join('\n'));
console.log(`\n${total - off} of ${total} ratios agree within ${(tolerance * 100).toFixed(0)}% (largest difference ${(worst * 100).toFixed(1)}%): each group as it is judged (interleave.ts judgedQuiet)`);
console.log(`groups judged over quiet rounds, all rounds instead (not judged): ${secondaryTotal - secondaryOff} of ${secondaryTotal} agree`);
console.log(`A: ${a.machine.date}, ${a.machine.uptime[0]} → ${a.machine.uptime[1]}`);
console.log(`B: ${b.machine.date}, ${b.machine.uptime[0]} → ${b.machine.uptime[1]}`);
process.exit(off === 0 ? 0 : 1);
