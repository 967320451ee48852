import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

/** esbuild resolves `decocache` to this checkout's sources, as an app bundling the package would. */
const decocache = { name: 'decocache', setup: (b: { onResolve: Function }) => b.onResolve({ filter: /^decocache$/ }, () => ({ path: resolve('src/index.ts') })) };

/** A scratch directory for bundled apps: under node_modules/.cache, so they resolve the optional peers like an installed app. */
export function appDir(name: string): { dir: string; remove: () => void } {
  mkdirSync(resolve('node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(join(resolve('node_modules', '.cache'), `decocache-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles `source` (an app importing `decocache`) into `dir/name.mjs` with esbuild, peers left external; resolves the file. */
export async function bundleApp(dir: string, name: string, source: string, options: BuildOptions = {}): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    outfile,
    external: ['ioredis', 'memjs', 'keyv', 'nunjucks'],
    plugins: [decocache as never],
    logLevel: 'silent',
    ...options,
  });
  return outfile;
}
