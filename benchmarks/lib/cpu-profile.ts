import { Session } from 'node:inspector/promises';

/** The parts of a V8 .cpuprofile this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function (or one category), in µs per operation. */
export interface SelfTime {
  name: string;
  where: string;
  usPerOp: number;
}

/** Runs `body` under the V8 sampling profiler (inspector, in process) and returns the profile. */
export async function profile(body: () => Promise<void>, intervalUs = 50): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  await body();
  const { profile: result } = await session.post('Profiler.stop');
  session.disconnect();
  return result as unknown as CpuProfile;
}

/** Which library a frame belongs to, from its script URL. */
export function category(url: string, fn: string): string {
  if (fn === '(garbage collector)' || fn === '(program)' || fn === '(idle)' || fn === '(root)') return fn;
  if (url.includes('/src/') || url.includes('/node_modules/decocache-')) return 'decocache';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node core';
  if (url === '') return 'native / builtins';
  return 'benchmark script';
}

const short = (url: string): string => url.replace(/^.*\/(src|node_modules)\//, '$1/').replace(/^file:\/\//, '');

/**
 * Self time per function, per library and per decocache file, ÷ `ops`. `(idle)` is time the thread waited (for the
 * network); it is reported but is not CPU.
 */
export function selfTimes(p: CpuProfile, ops: number): { functions: SelfTime[]; categories: SelfTime[]; files: SelfTime[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fns = new Map<string, SelfTime>();
  const cats = new Map<string, SelfTime>();
  const files = new Map<string, SelfTime>();
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    if (!node) continue;
    const us = (p.timeDeltas[i + 1] ?? 0) / ops;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${short(url)}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const f = fns.get(key) ?? { name, where, usPerOp: 0 };
    f.usPerOp += us;
    fns.set(key, f);
    const cat = category(url, functionName);
    const c = cats.get(cat) ?? { name: cat, where: '', usPerOp: 0 };
    c.usPerOp += us;
    cats.set(cat, c);
    if (cat === 'decocache') {
      const file = short(url).replace(/^.*?dist\/|^src\//, '');
      const g = files.get(file) ?? { name: file, where: '', usPerOp: 0 };
      g.usPerOp += us;
      files.set(file, g);
    }
  }
  const sorted = (m: Map<string, SelfTime>): SelfTime[] => [...m.values()].sort((a, b) => b.usPerOp - a.usPerOp);
  return { functions: sorted(fns), categories: sorted(cats), files: sorted(files) };
}
