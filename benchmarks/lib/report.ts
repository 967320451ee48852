import { judgedQuiet } from './interleave.js';
import type { Group, Row, RunOptions, Spread } from './measure.js';

/** A measured group: its description, rows, and the machine's load around it. */
export interface GroupResult {
  group: Omit<Group, 'cases'>;
  rows: Row[];
  /** Extra observations (e.g. Redis commands per hit), shown under the table. */
  facts: Record<string, string | number>;
  /** Lowest and highest 1-minute load average seen at the start of the group's chunks of rounds. */
  load: [number, number];
}

/** Where and when a run happened, for the README and latest.json. */
export interface Machine {
  date: string;
  node: string;
  nproc: number;
  cpu: string;
  quick: boolean;
  /** `uptime` when the run started and when it ended. */
  uptime: [string, string];
  /** The `--ref` checkout whose rows are marked (ref), if any. */
  ref?: string;
  /** Where decocache came from: compiled by tsc and loaded natively, or src/ through vite-node. */
  source: 'compiled' | 'src via vite-node';
  options: RunOptions;
}

/** Human time: ns below 10 µs, else µs. */
export function fmtTime(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns < 10_000) return `${ns.toFixed(ns < 100 ? 1 : 0)} ns`;
  return `${(ns / 1000).toFixed(1)} µs`;
}

/** A ratio with its interquartile range, e.g. `2.41 (2.30–2.55)`. */
export function fmtRatio(r: Spread, range = true): string {
  const f = (x: number): string => x.toFixed(x >= 10 ? 1 : 2);
  return range ? `${f(r.median)} (${f(r.p25)}–${f(r.p75)})` : f(r.median);
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The markdown table of one group; groups judged over their quiet rounds show those ratios first. */
export function groupMarkdown(result: GroupResult): string {
  const g = result.group;
  const remote = judgedQuiet(g);
  const lines = [
    `#### ${g.title} \`${g.id}\``,
    '',
    remote
      ? '| | kind | wall/op | CPU/op | × base, wall (quiet) | × base, CPU (quiet) | all rounds: wall, CPU | ops/s | bytes/op |'
      : '| | kind | wall/op | CPU/op | × base, wall | × base, CPU | ops/s | bytes/op |',
    remote ? '|---|---|---:|---:|---:|---:|---:|---:|---:|' : '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of result.rows) {
    const name = r.name === g.baseline ? `${r.name} *(base)*` : r.kind === 'decocache' ? `**${r.name}**` : r.name;
    const ratios = remote
      ? `${fmtRatio(r.quietWallRatio)} | ${fmtRatio(r.quietCpuRatio)} | ${fmtRatio(r.wallRatio, false)}, ${fmtRatio(r.cpuRatio, false)}`
      : `${fmtRatio(r.wallRatio)} | ${fmtRatio(r.cpuRatio)}`;
    lines.push(`| ${name} | ${r.kind} | ${fmtTime(r.wallNs)} | ${fmtTime(r.cpuNs)} | ${ratios} | ${fmtInt(1e9 / r.wallNs)} | ${fmtInt(r.bytesPerOp)} |`);
  }
  lines.push('', `- load average ${result.load[0].toFixed(2)}–${result.load[1].toFixed(2)} while measured`);
  for (const [k, v] of Object.entries(result.facts)) lines.push(`- ${k}: ${v}`);
  if (g.note) lines.push(`- ${g.note}`);
  return lines.join('\n');
}

/** The whole run as markdown: machine lines, then every group, then the target lines. */
export function runMarkdown(machine: Machine, results: readonly GroupResult[], verdicts: readonly string[]): string {
  const o = machine.options;
  const head = [
    `Run ${machine.date} · Node ${machine.node} · ${machine.nproc} × ${machine.cpu}${machine.quick ? ' · **--quick (iteration run, not comparable)**' : ''}`,
    '',
    `- uptime at start: \`${machine.uptime[0]}\``,
    `- uptime at end: \`${machine.uptime[1]}\``,
    ...(machine.ref ? [`- rows marked (ref) run the decocache of \`${machine.ref}\``] : []),
    `- decocache: ${machine.source === 'compiled' ? 'src/ compiled by tsc and loaded natively (lib/build.ts)' : '**src/ through vite-node (--src): slower than the package, not comparable**'}`,
    `- ${o.rounds} measured rounds after ${o.warmupRounds} warm-up rounds, in ${o.passes} passes over all groups; blocks of ~${o.blockMs} ms per row, rows of a group in a shuffled round-robin.`,
    '- wall/op and CPU/op: medians over rounds of each block\'s time ÷ its operations (CPU = process user + system).',
    '- × base: median over rounds of (row ÷ baseline in the same round), with the interquartile range in brackets; for remote groups of one operation at a time over the quietest quarter of rounds (see measure.ts quietRounds), with all rounds\' medians beside.',
    '- bytes/op: heap allocated per operation (heapUsed delta plus what GCs freed in between, after `gc()`).',
  ];
  let scenario = '';
  const body: string[] = [];
  for (const r of results) {
    if (r.group.scenario !== scenario) {
      scenario = r.group.scenario;
      body.push(`### ${scenario}`, '');
    }
    body.push(groupMarkdown(r), '');
  }
  return [...head, '', ...body, '### Targets', '', ...verdicts.map((v) => `- ${v}`), ''].join('\n');
}

/** A compact console table of one group. */
export function groupConsole(result: GroupResult): string {
  const width = Math.max(...result.rows.map((r) => r.name.length));
  const g = result.group;
  const lines = [`\n== ${g.title} [${g.id}] load ${result.load[0].toFixed(2)}–${result.load[1].toFixed(2)}`];
  const remote = judgedQuiet(g);
  const q = remote ? 'quiet ' : '';
  lines.push(`  ${''.padEnd(width)}  ${'wall/op'.padStart(9)}  ${'CPU/op'.padStart(9)}  ${`${q}×wall (IQR)`.padStart(23)}  ${`${q}×CPU (IQR)`.padStart(23)}  ${'B/op'.padStart(7)}`);
  for (const r of result.rows) {
    const [w, c] = remote ? [r.quietWallRatio, r.quietCpuRatio] : [r.wallRatio, r.cpuRatio];
    lines.push(
      `  ${r.name.padEnd(width)}  ${fmtTime(r.wallNs).padStart(9)}  ${fmtTime(r.cpuNs).padStart(9)}  ${fmtRatio(w).padStart(23)}  ${fmtRatio(c).padStart(23)}  ${fmtInt(r.bytesPerOp).padStart(7)}`,
    );
  }
  for (const [k, v] of Object.entries(result.facts)) lines.push(`  ${k}: ${v}`);
  return lines.join('\n');
}
