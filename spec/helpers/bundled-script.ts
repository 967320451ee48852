import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { sourceAliases } from '../../scripts/source-aliases.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Under node_modules, so the bundles find ioredis, memjs and keyv as an installed app would.
const outDir = join(root, 'node_modules', '.cache', 'decocache-spec-scripts');
const built = new Map<string, Promise<string>>();
/** Bundles unused this long are of sources long changed (the directory is shared by every checkout using these node_modules). */
const STALE_MS = 24 * 60 * 60 * 1000;

/** `decocache` and its subpaths resolve to the sources, as vite.config.ts makes them for vite-node. */
const sources: Plugin = {
  name: 'decocache-sources',
  setup(b) {
    const aliases = sourceAliases();
    b.onResolve({ filter: /^decocache(\/.*)?$/ }, (args) => {
      const alias = aliases.find((a) => a.find.test(args.path));
      return alias ? { path: alias.replacement } : undefined;
    });
  },
};

async function bundle(script: string): Promise<string> {
  const result = await build({
    entryPoints: [script],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    // What vite.config.ts gives vite-node: Stage-3 decorators lowered for Node 20.
    target: 'es2022',
    // Function and class names are what memoize keys are made of: a bundle must not rename them.
    keepNames: true,
    packages: 'external',
    plugins: [sources],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const file = join(outDir, `${basename(script, '.ts')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(file)) {
    // Marks it used, so pruning leaves it alone.
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  }
  mkdirSync(outDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  for (const name of readdirSync(outDir)) {
    const path = join(outDir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat !== undefined && Date.now() - stat.mtimeMs > STALE_MS) rmSync(path, { force: true });
  }
  return file;
}

/**
 * A TypeScript program that specs run as a child process (`node <file>`), bundled with esbuild
 * into one ES module on the sources. A child started with vite-node spends about a second of CPU
 * on starting Vite and transforming the sources, on a machine that runs spec files side by side;
 * plain node on the bundle starts in a tenth of that. Built once per spec process and named by its
 * content, so parallel files share the file and a changed source makes a new one.
 */
export function bundledScript(script: string): Promise<string> {
  let file = built.get(script);
  if (file === undefined) {
    file = bundle(script);
    built.set(script, file);
  }
  return file;
}
