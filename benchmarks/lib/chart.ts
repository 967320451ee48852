import type { Kind } from './measure.js';
import { fmtTime, type GroupResult, type Machine } from './report.js';

const COLORS: Record<Kind, string> = { floor: '#9aa0a6', decocache: '#1a73e8', peer: '#f29900', ref: '#8ab4f8' };
const LABEL_W = 340;
const BAR_W = 420;
const ROW_H = 18;
const TITLE_H = 26;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Horizontal bars of median wall time per operation (interleaved rounds), one block per group.
 * Each block has its own
 * linear scale (its slowest row fills the width), since groups differ by three orders of
 * magnitude (Map.get vs a Redis round trip); the value is printed at the end of each bar.
 */
export function chartSvg(machine: Machine, results: readonly GroupResult[]): string {
  const parts: string[] = [];
  let y = 40;
  for (const result of results) {
    parts.push(`<text x="10" y="${y + 16}" font-weight="bold">${esc(result.group.title)}</text>`);
    y += TITLE_H;
    const max = Math.max(...result.rows.map((r) => r.wallNs));
    for (const r of result.rows) {
      const w = Math.max(1, (r.wallNs / max) * BAR_W);
      parts.push(
        `<text x="${LABEL_W - 6}" y="${y + 13}" text-anchor="end">${esc(r.name)}</text>`,
        `<rect x="${LABEL_W}" y="${y + 2}" width="${w.toFixed(1)}" height="${ROW_H - 4}" fill="${COLORS[r.kind]}"/>`,
        `<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${y + 13}">${esc(fmtTime(r.wallNs))}</text>`,
      );
      y += ROW_H;
    }
    y += 10;
  }
  const width = LABEL_W + BAR_W + 90;
  const legend = (['decocache', 'peer', 'floor'] as const)
    .map((k, i) => `<rect x="${LABEL_W + i * 110}" y="${y + 4}" width="12" height="12" fill="${COLORS[k]}"/><text x="${LABEL_W + i * 110 + 16}" y="${y + 15}">${k}</text>`)
    .join('');
  const header = `median wall time per operation (shorter is better) · ${esc(machine.date)} · Node ${esc(machine.node)} · ${machine.nproc} × ${esc(machine.cpu)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 30}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="13">${header}</text>`,
    ...parts,
    legend,
    '</svg>',
    '',
  ].join('\n');
}
