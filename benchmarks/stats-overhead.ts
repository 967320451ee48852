/**
 * What `cache.stats()` counting costs an in-memory memoized hit: an interleaved A/B of two builds
 * of the same code, A as shipped and B with src/observe/probe.ts replaced by a stub that records
 * nothing. Both builds are loaded into one process (each bundle has its own copy of decocache and
 * its own JIT code), and their rounds alternate, so drift in machine load falls on both alike;
 * each round is timed in CPU time. `npx vite-node benchmarks/stats-overhead.ts -- [rounds=40]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Subject } from './stats-overhead/subject.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 40);
const CALLS = 100_000;
// Inside the repository, so the bundles resolve the same node_modules.
const out = mkdtempSync(join(here, '.stats-ab-'));

const stubProbe: Plugin = {
  name: 'stub-probe',
  setup(b) {
    const stub = join(here, 'stats-overhead', 'probe-stub.ts');
    // Every import of src/observe/probe.js gets the stub, except the stub's own (it extends the real probe).
    b.onResolve({ filter: /\/probe\.js$/ }, (args) => (args.importer === stub ? undefined : { path: stub }));
  },
};

async function load(name: string, plugins: Plugin[]): Promise<Subject> {
  const file = join(out, `${name}.mjs`);
  await build({
    entryPoints: [join(here, 'stats-overhead', 'subject.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    outfile: file,
    plugins,
    logLevel: 'error',
  });
  const module = (await import(pathToFileURL(file).href)) as { subject: () => Promise<Subject> };
  return module.subject();
}

/** CPU ns per call: descheduling on a shared machine does not count against the build that was running. */
async function time(call: () => Promise<unknown>): Promise<number> {
  const t0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await call();
  const used = process.cpuUsage(t0);
  return ((used.user + used.system) * 1000) / CALLS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const counting = await load('counting', []);
  const stubbed = await load('stubbed', [stubProbe]);
  for (const kind of ['fn', 'method'] as const) {
    const a: number[] = [];
    const b: number[] = [];
    await time(counting[kind]);
    await time(stubbed[kind]);
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        a.push(await time(counting[kind]));
        b.push(await time(stubbed[kind]));
      } else {
        b.push(await time(stubbed[kind]));
        a.push(await time(counting[kind]));
      }
    }
    const ratio = median(a.map((x, i) => x / b[i]!));
    const label = kind === 'fn' ? 'memoize(fn) hit' : '@memoize method hit';
    console.log(
      `${label}: counting ${median(a).toFixed(1)} ns, stubbed ${median(b).toFixed(1)} ns; ` +
        `median of per-round ratios ${((ratio - 1) * 100).toFixed(1)}% (${rounds} rounds of ${CALLS} calls each)`,
    );
  }
  if (counting.hits() === 0 || stubbed.hits() !== 0) throw new Error('the A build must count hits and the B build must not');
} finally {
  rmSync(out, { recursive: true, force: true });
}
