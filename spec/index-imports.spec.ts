import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const PEERS = ['ioredis', 'memjs', 'keyv', '@keyv/redis', 'express', 'fastify', 'fastify-plugin', 'nunjucks', 'express-session', '@opentelemetry/api'];

/** Every module reachable from `entry` through static imports (dynamic import() is lazy and skipped). */
function staticGraph(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
      const spec = match[1] ?? match[2]!;
      if (/^\s*(import|export)\s+type\s/.test(match[0])) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files, bare };
}

describe('the core entry point', () => {
  it('src/index.ts imports no optional peer, directly or through its modules', () => {
    const { files, bare } = staticGraph(join(__dirname, '../src/index.ts'));
    expect(files.size).toBeGreaterThan(10);
    expect([...bare].filter((spec) => PEERS.some((peer) => spec === peer || spec.startsWith(`${peer}/`)))).toEqual([]);
    expect([...bare].every((spec) => spec.startsWith('node:') || spec === 'reflect-metadata')).toBe(true);
  });

  it('importing the core at run time loads without any peer installed in its graph', async () => {
    const core = await import('../src/index.js');
    expect(typeof core.Cache).toBe('function');
    expect(typeof core.Memoize).toBe('function');
  });
});
