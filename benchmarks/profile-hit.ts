/**
 * Where a memoized hit's CPU goes, against the raw client doing the same read and decode: tight
 * loops of each subject under the V8 sampling profiler (started in process, around the loops only,
 * so vite-node's own start-up is not in it), in alternating rounds, then self time per function
 * and per library, per hit, and the functions whose self time decocache adds over the raw read.
 *
 *   npx vite-node benchmarks/profile-hit.ts -- redis            (or memcached, memory)
 *   npx vite-node benchmarks/profile-hit.ts -- memory --miss    every call misses and stores (fresh argument)
 *   npx vite-node benchmarks/profile-hit.ts -- redis --ops=20000 --rounds=3 --top=30 --save=/tmp/prof
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type memjs from 'memjs';
import { dirname, join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cache } from '../src/index.js';
import { buildDecocache, sourceDecocache } from './lib/build.js';
import { profile, selfTimes, type CpuProfile, type SelfTime } from './lib/cpu-profile.js';
import { memoized, record } from './lib/hit-group.js';
import type { Work } from './lib/peers.js';
import { startServers } from './lib/servers.js';
import { clientOf, decocache, type BackendKind } from './lib/subjects.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number): number => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const kind: BackendKind = argv.includes('memcached') ? 'memcached' : argv.includes('memory') ? 'memory' : 'redis';
const ops = opt('ops', kind === 'memory' ? 300_000 : 10_000);
const rounds = opt('rounds', 3);
const top = opt('top', 25);
const save = argv.find((a) => a.startsWith('--save='))?.split('=')[1];
const ARGS = [42, 'en-GB'];
const miss = argv.includes('--miss');
let seq = 0;
/** The arguments of the next call: always the same for a hit, a fresh first one for a miss. */
const next = (): unknown[] => (miss ? [++seq, 'en-GB'] : ARGS);

const servers = kind === 'memory' ? undefined : await startServers();
// The compiled package, as run.ts measures it (`--src`: src/ through vite-node).
const root = joinPath(dirname(fileURLToPath(import.meta.url)), '..');
const mod = argv.includes('--src') ? await sourceDecocache() : await buildDecocache(root, 'decocache-profile');
const cache: Cache = decocache({ label: 'decocache', kind: 'decocache', mod }, kind, servers);
await cache.backend();
const work: Work = async (...a) => record(a[0]);
const { fn, method } = memoized(cache, work);
await fn(...ARGS);
await method(...ARGS);

/** The raw read + decode of the same stored text on decocache's own client. */
async function rawSubject(): Promise<() => Promise<unknown>> {
  const text = `!${JSON.stringify(record(42))}`;
  if (kind === 'redis') {
    const client = await clientOf<Redis>(cache);
    await client.set('prof_raw', text, 'EX', 300);
    return async () => JSON.parse((await client.get('prof_raw'))!.slice(1));
  }
  if (kind === 'memcached') {
    const client = await clientOf<memjs.Client>(cache);
    await client.set('prof_raw', text, { expires: 300 });
    return async () => JSON.parse((await client.get('prof_raw')).value!.toString('utf8', 1));
  }
  const map = new Map<string, unknown>([[JSON.stringify(ARGS), record(42)]]);
  return async () => {
    const key = JSON.stringify(next());
    const hit = map.get(key);
    if (hit === undefined) map.set(key, record(42));
    return hit;
  };
}

const subjects: Record<string, () => Promise<unknown>> = {
  raw: await rawSubject(),
  'memoize(fn)': () => fn(...next()),
  '@memoize method': () => method(...next()),
};

interface Tally {
  wallNs: number;
  cpuUs: number;
  profiles: CpuProfile[];
}
const tallies = new Map<string, Tally>(Object.keys(subjects).map((k) => [k, { wallNs: 0, cpuUs: 0, profiles: [] }]));
for (const call of Object.values(subjects)) for (let i = 0; i < Math.min(ops, 2000); i++) await call();
for (let r = 0; r < rounds; r++) {
  for (const [name, call] of Object.entries(subjects)) {
    const t = tallies.get(name)!;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    t.profiles.push(await profile(async () => {
      for (let i = 0; i < ops; i++) await call();
    }));
    t.wallNs += Number(process.hrtime.bigint() - t0);
    const cpu = process.cpuUsage(cpu0);
    t.cpuUs += cpu.user + cpu.system;
  }
}

/** Self times of several profiles of the same subject, summed and ÷ all their operations. */
function merged(profiles: CpuProfile[]): { functions: SelfTime[]; categories: SelfTime[]; files: SelfTime[] } {
  const add = (into: Map<string, SelfTime>, xs: SelfTime[]): void => {
    for (const x of xs) {
      const k = `${x.name}@${x.where}`;
      const y = into.get(k) ?? { ...x, usPerOp: 0 };
      y.usPerOp += x.usPerOp;
      into.set(k, y);
    }
  };
  const fns = new Map<string, SelfTime>();
  const cats = new Map<string, SelfTime>();
  const files = new Map<string, SelfTime>();
  for (const p of profiles) {
    const s = selfTimes(p, ops * profiles.length);
    add(fns, s.functions);
    add(cats, s.categories);
    add(files, s.files);
  }
  const sorted = (m: Map<string, SelfTime>): SelfTime[] => [...m.values()].sort((a, b) => b.usPerOp - a.usPerOp);
  return { functions: sorted(fns), categories: sorted(cats), files: sorted(files) };
}

const us = (x: number): string => x.toFixed(2).padStart(7);
const summaries = new Map([...tallies].map(([k, t]) => [k, merged(t.profiles)]));
console.log(`${kind} ${miss ? 'miss + store' : 'hit'}, ${rounds} rounds × ${ops} ops per subject; load ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [name, t] of tallies) {
  const n = ops * rounds;
  const s = summaries.get(name)!;
  console.log(`\n== ${name}: wall ${us(t.wallNs / n / 1000)} µs/op, process CPU ${us(t.cpuUs / n)} µs/op (profiler on)`);
  console.log('  by library (self time, µs/op; (idle) = waiting, not CPU):');
  for (const c of s.categories) if (c.usPerOp >= 0.05) console.log(`   ${us(c.usPerOp)}  ${c.name}`);
  if (s.files.length > 0) console.log(`  decocache by file (µs/op): ${s.files.filter((f) => f.usPerOp >= 0.05).map((f) => `${f.name} ${f.usPerOp.toFixed(2)}`).join(', ')}`);
  console.log(`  top ${top} functions by self time (µs/op):`);
  for (const f of s.functions.filter((x) => x.name !== '(idle)').slice(0, top)) console.log(`   ${us(f.usPerOp)}  ${f.name}  ${f.where}`);
  if (save) {
    mkdirSync(save, { recursive: true });
    t.profiles.forEach((p, i) => writeFileSync(join(save, `${kind}-${name.replace(/\W+/g, '_')}-${i}.cpuprofile`), JSON.stringify(p)));
  }
}
const raw = summaries.get('raw')!;
for (const name of ['memoize(fn)', '@memoize method']) {
  const s = summaries.get(name)!;
  const base = new Map(raw.functions.map((f) => [`${f.name}@${f.where}`, f.usPerOp]));
  const extra = s.functions
    .filter((f) => f.name !== '(idle)')
    .map((f) => ({ ...f, usPerOp: f.usPerOp - (base.get(`${f.name}@${f.where}`) ?? 0) }))
    .sort((a, b) => b.usPerOp - a.usPerOp);
  console.log(`\n== ${name} minus raw, self time µs/op, largest additions:`);
  for (const f of extra.slice(0, top)) console.log(`   ${us(f.usPerOp)}  ${f.name}  ${f.where}`);
  const cats = new Map(raw.categories.map((c) => [c.name, c.usPerOp]));
  console.log('  by library:');
  for (const c of s.categories) {
    const d = c.usPerOp - (cats.get(c.name) ?? 0);
    if (Math.abs(d) >= 0.05) console.log(`   ${us(d)}  ${c.name}`);
  }
}
await cache.close();
await servers?.close();
process.exit(0);
