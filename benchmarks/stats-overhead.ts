/**
 * What `cache.stats()` counting costs an in-memory memoized hit: an interleaved A/B of two builds
 * of benchmarks/stats-overhead/subject.ts, A as shipped and B with src/observe/probe.ts replaced
 * by a stub that records nothing. Each process loads both builds (each bundle has its own copy of
 * decocache and its own JIT code) and alternates their rounds, timed in CPU time; processes
 * alternate which build loads first, since a build's JIT luck in one process is larger than the
 * effect measured. An A/A run (two identical counting builds) shows what the harness cannot resolve.
 * `npx vite-node benchmarks/stats-overhead.ts -- [processes=10] [rounds=40]`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const [processes = 10, rounds = 40] = process.argv.filter((a) => /^\d+$/.test(a)).map(Number);
// Inside the repository, so the bundles resolve the same node_modules.
const out = mkdtempSync(join(here, '.stats-ab-'));
const stub = join(here, 'stats-overhead', 'probe-stub.ts');

const stubProbe: Plugin = {
  name: 'stub-probe',
  setup(b) {
    // Every import of src/observe/probe.js gets the stub, except the stub's own (it extends the real probe).
    b.onResolve({ filter: /\/probe\.js$/ }, (args) => (args.importer === stub ? undefined : { path: stub }));
  },
};

async function bundle(entry: string, name: string, plugins: Plugin[] = []): Promise<string> {
  const outfile = join(out, `${name}.mjs`);
  await build({ entryPoints: [join(here, 'stats-overhead', entry)], bundle: true, platform: 'node', format: 'esm', target: 'es2022', outfile, plugins, logLevel: 'error', preserveSymlinks: true });
  return outfile;
}

interface Run {
  result: Record<'fn' | 'method', [number, number]>;
  hits: [number, number];
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** Runs `processes` processes, alternating which of `a` and `b` loads first; per kind, the ratios a/b. */
function compare(a: string, b: string): Record<'fn' | 'method', { ratios: number[]; a: number[]; b: number[] }> {
  const acc = { fn: { ratios: [] as number[], a: [] as number[], b: [] as number[] }, method: { ratios: [] as number[], a: [] as number[], b: [] as number[] } };
  for (let p = 0; p < processes; p++) {
    const swap = p % 2 === 1;
    const raw = JSON.parse(execFileSync(process.execPath, [runner, swap ? b : a, swap ? a : b, String(rounds)], { encoding: 'utf8' })) as Run;
    const [hitsA, hitsB] = swap ? [raw.hits[1], raw.hits[0]] : raw.hits;
    if (hitsA === 0 || (b.includes('stubbed') && hitsB !== 0)) throw new Error('the counting build must count hits and the stubbed build must not');
    for (const kind of ['fn', 'method'] as const) {
      const [first, second] = raw.result[kind];
      const [ta, tb] = swap ? [second, first] : [first, second];
      acc[kind].a.push(ta);
      acc[kind].b.push(tb);
      acc[kind].ratios.push(ta / tb - 1);
    }
  }
  return acc;
}

let runner = '';
try {
  runner = await bundle('runner.ts', 'runner');
  const counting = await bundle('subject.ts', 'counting');
  const twin = await bundle('subject.ts', 'counting-twin');
  const stubbed = await bundle('subject.ts', 'stubbed', [stubProbe]);
  const ab = compare(counting, stubbed);
  const aa = compare(counting, twin);
  for (const kind of ['fn', 'method'] as const) {
    const label = kind === 'fn' ? 'memoize(fn) hit   ' : '@memoize method hit';
    console.log(
      `${label}: counting ${median(ab[kind].a).toFixed(0)} ns, stubbed ${median(ab[kind].b).toFixed(0)} ns; ` +
        `overhead mean ${pct(mean(ab[kind].ratios))}, median ${pct(median(ab[kind].ratios))} ` +
        `(per process: ${ab[kind].ratios.map(pct).join(' ')}); ` +
        `A/A control mean ${pct(mean(aa[kind].ratios))} (${aa[kind].ratios.map(pct).join(' ')})`,
    );
  }
  console.log(`${processes} processes per comparison, ${rounds} alternating rounds of 100000 hits per build in each`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
