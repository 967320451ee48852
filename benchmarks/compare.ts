/**
 * Whether two runs agree: for every row both ran, the ratio to its group's baseline (wall and CPU)
 * of run B over run A, and whether it is within the tolerance (issue 11 asks for 15%).
 *
 *   npx vite-node benchmarks/compare.ts -- benchmarks/results/run-a.json benchmarks/results/run-b.json [--tolerance=0.15] [--md]
 */
import { readFileSync } from 'node:fs';
import type { GroupResult, Machine } from './lib/report.js';

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
if (md) out.push('| group | row | A × base wall | B × base wall | B/A | A × base CPU | B × base CPU | B/A |', '|---|---|---:|---:|---:|---:|---:|---:|');
for (const ga of a.results) {
  const gb = b.results.find((g) => g.group.id === ga.group.id);
  if (!gb) continue;
  for (const ra of ga.rows) {
    const rb = gb.rows.find((r) => r.name === ra.name);
    if (!rb || ra.name === ga.group.baseline) continue;
    const cells: string[] = [];
    let bad = false;
    for (const m of ['wallRatio', 'cpuRatio'] as const) {
      const q = rb[m].median / ra[m].median;
      const dev = Math.abs(q - 1);
      worst = Math.max(worst, dev);
      total++;
      if (dev > tolerance) {
        off++;
        bad = true;
      }
      cells.push(ra[m].median.toFixed(2), rb[m].median.toFixed(2), `${dev > tolerance ? '**' : ''}${q.toFixed(2)}${dev > tolerance ? '**' : ''}`);
    }
    if (md) out.push(`| ${ga.group.id} | ${ra.name} | ${cells.join(' | ')} |`);
    else out.push(`${bad ? 'OFF ' : 'ok  '} ${ga.group.id.padEnd(26)} ${ra.name.padEnd(52)} wall ${cells.slice(0, 3).join(' → ').padEnd(22)} cpu ${cells.slice(3).join(' → ')}`);
  }
}
console.log(out.join('\n'));
console.log(`\n${total - off} of ${total} ratios agree within ${(tolerance * 100).toFixed(0)}% (largest difference ${(worst * 100).toFixed(1)}%)`);
console.log(`A: ${a.machine.date}, ${a.machine.uptime[0]} → ${a.machine.uptime[1]}`);
console.log(`B: ${b.machine.date}, ${b.machine.uptime[0]} → ${b.machine.uptime[1]}`);
process.exit(off === 0 ? 0 : 1);
