// One process of benchmarks/stats-overhead.ts: loads two builds of subject.ts (argv: first bundle,
// second bundle, rounds), alternates their rounds, and prints the median CPU ns per hit of each.
import { pathToFileURL } from 'node:url';
import type { Subject } from './subject.js';

const [firstFile, secondFile, roundsArg] = process.argv.slice(2) as [string, string, string];
const rounds = Number(roundsArg);
const CALLS = 100_000;

async function load(file: string): Promise<Subject> {
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
const first = await load(firstFile);
const second = await load(secondFile);
const result: Record<string, [number, number]> = {};
for (const kind of ['fn', 'method'] as const) {
  const a: number[] = [];
  const b: number[] = [];
  await time(first[kind]);
  await time(second[kind]);
  for (let i = 0; i < rounds; i++) {
    // Alternate which build goes first in a round, so a drift in machine load falls on both alike.
    if (i % 2 === 0) {
      a.push(await time(first[kind]));
      b.push(await time(second[kind]));
    } else {
      b.push(await time(second[kind]));
      a.push(await time(first[kind]));
    }
  }
  result[kind] = [median(a), median(b)];
}
process.stdout.write(`${JSON.stringify({ result, hits: [first.hits(), second.hits()] })}\n`);
