/**
 * Runs every scenario against the raw clients and the peers in one process and one run, then
 * writes benchmarks/results/latest.{json,md} and chart.svg and prints a PASS/MISS line per target.
 *
 *   NODE_OPTIONS=--expose-gc npx vite-node benchmarks/run.ts            full run (~3-4 min on 2 cores)
 *   NODE_OPTIONS=--expose-gc npx vite-node benchmarks/run.ts -- --quick smoke run
 *   ... -- --only=hit-primitive,get-many                                 a subset (for profiling)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartSvg } from './lib/chart.js';
import { runGroup, type Context, type RunOptions, type Scenario } from './lib/measure.js';
import { groupConsole, runMarkdown, type GroupResult, type Machine } from './lib/report.js';
import { startServers } from './lib/servers.js';
import { verdicts } from './lib/targets.js';
import { cachedView } from './scenarios/cached-view.js';
import { concurrentRedis } from './scenarios/concurrent-redis.js';
import { getMany } from './scenarios/get-many.js';
import { hitObject } from './scenarios/hit-object.js';
import { hitPrimitive } from './scenarios/hit-primitive.js';
import { missStore } from './scenarios/miss-store.js';

const SCENARIOS: Scenario[] = [hitPrimitive, missStore, hitObject, cachedView, concurrentRedis, getMany];

function machine(quick: boolean): Machine {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  let nproc = availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc missing: availableParallelism is the same number on Linux.
  }
  return { date: new Date().toISOString(), node: process.version, nproc, cpu, quick };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.warn('note: run with NODE_OPTIONS=--expose-gc for stable bytes/op (allocation is measured without a clean heap otherwise)');
  }
  const options: RunOptions = quick ? { timeMs: 150, warmupMs: 30, allocOps: 300 } : { timeMs: 1200, warmupMs: 250, allocOps: 3000 };
  const servers = await startServers();
  const closers: (() => Promise<unknown>)[] = [];
  const ctx: Context = { servers, quick, onClose: (c) => void closers.push(c) };
  const results: GroupResult[] = [];
  const t0 = Date.now();
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.id)) continue;
      for (const group of await scenario.groups(ctx)) {
        const rows = await runGroup(group, options);
        const { cases: _cases, ...described } = group;
        const result: GroupResult = { group: described, rows, facts: group.facts ?? {} };
        results.push(result);
        console.log(groupConsole(result));
      }
    }
  } finally {
    for (const close of closers.reverse()) await close().catch((e: unknown) => console.warn(`close failed: ${String(e)}`));
    await servers.close();
  }
  const info = machine(quick);
  const lines = verdicts(results);
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ machine: info, options, results, verdicts: lines }, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), runMarkdown(info, results, lines));
  writeFileSync(join(dir, 'chart.svg'), chartSvg(info, results));
  console.log(`\n${info.date} · Node ${info.node} · ${info.nproc} × ${info.cpu} · ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const l of lines) console.log(l);
}

main().then(
  // ioredis/keyv timers may linger after quit; the servers are already stopped.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
