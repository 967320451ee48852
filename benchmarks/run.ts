/**
 * Runs the benchmark groups, each with its rows interleaved (lib/interleave.ts), against the raw
 * clients and the peers, then writes benchmarks/results/latest.{json,md} and chart.svg and prints
 * a PASS/MISS line per target of issues 11 and 5.
 *
 *   npm run bench                                 every default group (~6 min on 2 cores)
 *   npm run bench -- --quick                      short blocks, few rounds: for iteration only
 *   npm run bench -- --group redis-hit,memory-hit one or more groups (or a scenario's name)
 *   npm run bench -- --ref=main                   also rows from another revision or checkout dir (see README)
 *   npm run bench -- --src                        decocache from src/ through vite-node (debugging only: slower)
 *   npm run bench -- --out=run-a                  also write results/run-a.{json,md}
 *   npm run bench -- --rounds=31 --block-ms=50 --passes=3   override the defaults
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartSvg } from './lib/chart.js';
import { GroupRun } from './lib/interleave.js';
import type { Context, GroupSpec, RunOptions } from './lib/measure.js';
import { groupConsole, runMarkdown, type GroupResult, type Machine } from './lib/report.js';
import { startServers } from './lib/servers.js';
import { buildDecocache, refCheckout, sourceDecocache } from './lib/build.js';
import type { Build } from './lib/subjects.js';
import { verdicts } from './lib/targets.js';
import { cachedViewGroups } from './scenarios/cached-view.js';
import { concurrentRedis } from './scenarios/concurrent-redis.js';
import { getMany } from './scenarios/get-many.js';
import { hitObject } from './scenarios/hit-object.js';
import { hitPrimitive } from './scenarios/hit-primitive.js';
import { localTier } from './scenarios/local-tier.js';
import { missStore } from './scenarios/miss-store.js';
import { statsOverhead } from './scenarios/stats-overhead.js';

/** Every group, in run order, by scenario. */
const SCENARIOS: Record<string, GroupSpec[]> = {
  'hit-primitive': hitPrimitive,
  'miss-store': missStore,
  'hit-object': hitObject,
  'concurrent-redis': concurrentRedis,
  'cached-view': cachedViewGroups,
  'get-many': getMany,
  'local-tier': localTier,
  'stats-overhead': statsOverhead,
};

const FULL: RunOptions = { blockMs: 25, memoryBlockMs: 2, warmupRounds: 6, rounds: 81, passes: 6, allocOps: 3000 };
const QUICK: RunOptions = { blockMs: 10, memoryBlockMs: 2, warmupRounds: 2, rounds: 9, passes: 3, allocOps: 300 };

/** `--name=value` or `--name value`. */
function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 3) : argv[i + 1];
}

/** The groups `--group` names (group ids or scenario names), or every non-optional group. */
function selected(names: string[] | undefined): GroupSpec[] {
  const all = Object.entries(SCENARIOS).flatMap(([scenario, specs]) => specs.map((spec) => ({ scenario, spec })));
  if (!names) return all.filter((x) => !x.spec.optional).map((x) => x.spec);
  const unknown = names.filter((n) => !all.some((x) => x.spec.id === n || x.scenario === n));
  if (unknown.length > 0) throw new Error(`unknown group ${unknown.join(', ')}; groups: ${all.map((x) => x.spec.id).join(', ')}`);
  return all.filter((x) => names.includes(x.spec.id) || names.includes(x.scenario)).map((x) => x.spec);
}

const uptime = (): string => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
};

function machine(quick: boolean, options: RunOptions, started: string, ref: string | undefined, source: Machine['source']): Machine {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  return { date: new Date().toISOString(), node: process.version, nproc: availableParallelism(), cpu, quick, uptime: [started, uptime()], ref, source, options };
}


async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const base = quick ? QUICK : FULL;
  const options: RunOptions = {
    ...base,
    rounds: Number(flag(argv, 'rounds') ?? base.rounds),
    blockMs: Number(flag(argv, 'block-ms') ?? base.blockMs),
    passes: Number(flag(argv, 'passes') ?? base.passes),
  };
  const specs = selected(flag(argv, 'group')?.split(','));
  const refDir = flag(argv, 'ref');
  const out = flag(argv, 'out');
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.warn('note: run with NODE_OPTIONS=--expose-gc (npm run bench does) for stable bytes/op and a minor GC between blocks');
  }
  const started = uptime();
  console.log(`start: ${started}`);
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const builds: Build[] = [{ label: 'decocache', kind: 'decocache', mod: argv.includes('--src') ? await sourceDecocache() : await buildDecocache(root, 'decocache-bench') }];
  if (refDir) builds.push({ label: 'decocache (ref)', kind: 'ref', mod: await buildDecocache(refCheckout(refDir, root), 'decocache-ref') });
  const servers = await startServers();
  const closers: (() => Promise<unknown>)[] = [];
  const ctx: Context = { servers, quick, builds, onClose: (c) => void closers.push(c) };
  const results: GroupResult[] = [];
  const t0 = Date.now();
  try {
    const runs: { run: GroupRun; load: number[] }[] = [];
    for (const spec of specs) {
      const run = new GroupRun(await spec.build(ctx), options);
      await run.warmUp();
      runs.push({ run, load: [] });
    }
    // Each pass runs a share of every group's rounds, so a group's rounds span the whole run and
    // a load change during the run reaches every group alike instead of whichever ran then.
    for (let pass = 0; pass < options.passes; pass++) {
      for (const r of runs) {
        r.load.push(loadavg()[0]!);
        await r.run.rounds(Math.ceil((options.rounds - r.run.measured) / (options.passes - pass)));
      }
      console.log(`pass ${pass + 1}/${options.passes} done, ${((Date.now() - t0) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(2)}`);
    }
    for (const { run, load } of runs) {
      const { cases: _cases, ...described } = run.group;
      const result: GroupResult = { group: described, rows: await run.rows(), facts: run.group.facts ?? {}, load: [Math.min(...load), Math.max(...load)] };
      results.push(result);
      console.log(groupConsole(result));
    }
  } finally {
    for (const close of closers.reverse()) await close().catch((e: unknown) => console.warn(`close failed: ${String(e)}`));
    await servers.close();
  }
  const info = machine(quick, options, started, refDir, argv.includes('--src') ? 'src via vite-node' : 'compiled');
  const lines = verdicts(results);
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify({ machine: info, results, verdicts: lines }, null, 2)}\n`;
  const md = runMarkdown(info, results, lines);
  for (const name of out ? ['latest', out] : ['latest']) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), md);
  }
  writeFileSync(join(dir, 'chart.svg'), chartSvg(info, results));
  console.log(`\n${info.date} · Node ${info.node} · ${info.nproc} × ${info.cpu} · ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`end: ${info.uptime[1]}`);
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
