import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the benchmarks use of decocache at run time, all from one build so module state is shared. */
export interface DecocacheModule {
  Cache: typeof import('../../src/index.js').Cache;
  runWithRequest: typeof import('../../src/index.js').runWithRequest;
  cachedView: typeof import('../../src/integrations/express.js').cachedView;
  requestContext: typeof import('../../src/integrations/express.js').requestContext;
  reprArgs: typeof import('../../src/keys/repr.js').reprArgs;
  multiGet: typeof import('../../src/backends/memcached/protocol.js').multiGet;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Compiles a checkout's src/ with tsc (its tsconfig.build.json) and imports the JavaScript
 * natively. vite-node, which runs the benchmarks, rewrites every file it loads so that each use
 * of an imported binding goes through a getter on a module object; that cost 11–23% more CPU per
 * decocache hit than the compiled package (interleaved probe, 2026-11-27), while the peers, loaded
 * from node_modules, never paid it. vite-node loads a file natively when its path runs through a
 * `node_modules` folder, so the build goes to benchmarks/.build/node_modules/<name>/ (git-ignored);
 * its own imports (ioredis, memjs) resolve up to the checkout's node_modules.
 */
export async function buildDecocache(checkout: string, name: string): Promise<DecocacheModule> {
  const out = join(HERE, '..', '.build', 'node_modules', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' })}\n`);
  const tsc = join(HERE, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const project = resolve(checkout, 'tsconfig.build.json');
  execFileSync(process.execPath, [tsc, '-p', project, '--outDir', join(out, 'dist'), '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'], { stdio: 'inherit' });
  const load = <T>(file: string): Promise<T> => import(/* @vite-ignore */ join(out, 'dist', file)) as Promise<T>;
  const [core, express, repr, protocol] = await Promise.all([
    load<typeof import('../../src/index.js')>('index.js'),
    load<typeof import('../../src/integrations/express.js')>('integrations/express.js'),
    load<typeof import('../../src/keys/repr.js')>('keys/repr.js'),
    load<typeof import('../../src/backends/memcached/protocol.js')>('backends/memcached/protocol.js'),
  ]);
  if (/__vi_ssr_import_|__vite_ssr_import_/.test(String(core.Cache))) {
    throw new Error(`vite-node transformed ${out} instead of loading it natively; the numbers would carry its import getters`);
  }
  return {
    Cache: core.Cache,
    runWithRequest: core.runWithRequest,
    cachedView: express.cachedView,
    requestContext: express.requestContext,
    reprArgs: repr.reprArgs,
    multiGet: protocol.multiGet,
  };
}

/**
 * The checkout `--ref` names: a directory holding src/, package.json and tsconfig.build.json, or a
 * git revision of this repository (e.g. `main`, `HEAD~3`), whose files are extracted with git
 * archive into benchmarks/.build/ref/ next to a link to this checkout's node_modules.
 */
export function refCheckout(ref: string, root: string): string {
  if (existsSync(resolve(ref, 'src'))) return resolve(ref);
  const dir = join(HERE, '..', '.build', 'ref');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, 'ref.tar');
  execFileSync('git', ['-C', root, 'archive', '--format=tar', '-o', tar, ref, 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json']);
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** This checkout's src/, as vite-node runs it (`--src`): for debugging a benchmark, not for numbers. */
export async function sourceDecocache(): Promise<DecocacheModule> {
  // One at a time: vite-node deadlocks on src's import cycles when they are requested concurrently.
  const core = await import('../../src/index.js');
  const express = await import('../../src/integrations/express.js');
  const repr = await import('../../src/keys/repr.js');
  const protocol = await import('../../src/backends/memcached/protocol.js');
  return { Cache: core.Cache, runWithRequest: core.runWithRequest, cachedView: express.cachedView, requestContext: express.requestContext, reprArgs: repr.reprArgs, multiGet: protocol.multiGet };
}
