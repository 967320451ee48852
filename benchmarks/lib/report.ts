import type { Group, Row } from './measure.js';

/** A measured group: its description and rows. */
export interface GroupResult {
  group: Omit<Group, 'cases'>;
  rows: Row[];
  /** Extra observations (e.g. Redis commands per hit), shown under the table. */
  facts: Record<string, string | number>;
}

/** Where and when a run happened, for the README and latest.json. */
export interface Machine {
  date: string;
  node: string;
  nproc: number;
  cpu: string;
  quick: boolean;
}

/** Human time: ns below 10 µs, else µs. */
export function fmtTime(ns: number): string {
  if (ns < 10_000) return `${ns.toFixed(ns < 100 ? 1 : 0)} ns`;
  return `${(ns / 1000).toFixed(1)} µs`;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The reference a group's "× floor" column divides by: the last floor row, which is the keyed
 * floor in memory groups (the target's reference) and the raw client elsewhere.
 */
export function floorOf(rows: readonly Row[]): Row | undefined {
  return rows.filter((r) => r.kind === 'floor').at(-1);
}

/** The markdown table of one group. */
export function groupMarkdown(result: GroupResult): string {
  const floor = floorOf(result.rows);
  const lines = [
    `#### ${result.group.title}`,
    '',
    `| | kind | median | p99 | ops/s | bytes/op | × floor |`,
    `|---|---|---:|---:|---:|---:|---:|`,
  ];
  for (const r of result.rows) {
    const ratio = floor ? `${(r.medianNs / floor.medianNs).toFixed(2)}` : '';
    const name = r.kind === 'decocache' ? `**${r.name}**` : r.name;
    lines.push(`| ${name} | ${r.kind} | ${fmtTime(r.medianNs)} | ${fmtTime(r.p99Ns)} | ${fmtInt(r.opsPerSec)} | ${fmtInt(r.bytesPerOp)} | ${ratio} |`);
  }
  const facts = Object.entries(result.facts);
  if (facts.length > 0 || result.group.note) lines.push('');
  for (const [k, v] of facts) lines.push(`- ${k}: ${v}`);
  if (result.group.note) lines.push(`- ${result.group.note}`);
  return lines.join('\n');
}

/** The whole run as markdown: machine line, then every group, then the target lines. */
export function runMarkdown(machine: Machine, results: readonly GroupResult[], verdicts: readonly string[]): string {
  const head = [
    `Run ${machine.date} · Node ${machine.node} · ${machine.nproc} × ${machine.cpu}${machine.quick ? ' · **--quick (smoke run, not comparable)**' : ''}`,
    '',
    'Medians of per-sample averages (each sample runs the group batch of operations back to back, awaited one by one);',
    '"bytes/op" is heap allocated per call (heapUsed delta plus what GCs freed in between, after `gc()`).',
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
  const floor = floorOf(result.rows);
  const width = Math.max(...result.rows.map((r) => r.name.length));
  const lines = [`\n== ${result.group.title}`];
  for (const r of result.rows) {
    const ratio = floor ? `${(r.medianNs / floor.medianNs).toFixed(2)}x` : '';
    lines.push(
      `  ${r.name.padEnd(width)}  ${fmtTime(r.medianNs).padStart(10)}  p99 ${fmtTime(r.p99Ns).padStart(10)}  ${fmtInt(r.bytesPerOp).padStart(7)} B/op  ${ratio.padStart(7)}`,
    );
  }
  for (const [k, v] of Object.entries(result.facts)) lines.push(`  ${k}: ${v}`);
  return lines.join('\n');
}
