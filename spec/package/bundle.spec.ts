import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_MODULES, ROOT, linkModules, makeTemp, removeTemp, run } from '../helpers/package.js';
import { sharedBuild } from '../helpers/shared-build.js';

// An app that imports only decocache: a memoized static method (its key holds the class name) and
// a memoized function (its key holds the function name), each called twice.
const APP = `
import { Cache } from 'decocache';

const cache = new Cache({ type: process.env.CACHE_TYPE || 'SimpleCache', redisUrl: process.env.REDIS_URL, keyPrefix: 'bundle:' });
let calls = 0;

class Catalog {
  @cache.memoize({ timeout: 60 })
  static async price(id: number, currency = 'EUR') {
    calls++;
    return id * 10 + ' ' + currency;
  }
}

const lookup = cache.memoize({ timeout: 60 })(async function lookup(name: string) {
  calls++;
  return name.toUpperCase();
});

async function main() {
  await cache.clear();
  const results = [await Catalog.price(2), await Catalog.price(2, 'EUR'), await lookup('tea'), await lookup('tea')];
  // The version keys carry the names the keys are built from: "Class.method" and the function name.
  const versionKeys = [];
  for (const key of ['Catalog.price_memver', 'lookup_memver']) if (await cache.has(key)) versionKeys.push(key);
  console.log(JSON.stringify({ results, calls, names: [Catalog.name, lookup.name], versionKeys }));
  await cache.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

interface AppOutput {
  results: string[];
  calls: number;
  names: string[];
  versionKeys: string[];
}

let dir = '';

beforeAll(async () => {
  dir = makeTemp('decocache-bundle-');
  const pkg = join(dir, 'node_modules/decocache');
  mkdirSync(pkg, { recursive: true });
  cpSync(await sharedBuild(), join(pkg, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  // decocache's only dependency; ioredis, memjs and keyv are not there.
  linkModules(dir, ['reflect-metadata']);
  writeFileSync(join(dir, 'app.ts'), APP);
}, 120_000);

afterAll(() => removeTemp(dir));

/** Bundles app.ts with esbuild into `outfile` and runs it with node, returning what it printed. */
async function bundleAndRun(outfile: string, options: BuildOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<AppOutput> {
  const result = await build({
    entryPoints: [join(dir, 'app.ts')],
    outfile: join(dir, outfile),
    absWorkingDir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    ...options,
  });
  expect(result.errors).toEqual([]);
  const ran = run(process.execPath, [join(dir, outfile)], dir, 30_000, env);
  expect(ran.stderr).toBe('');
  expect(ran.status).toBe(0);
  return JSON.parse(ran.stdout) as AppOutput;
}

/** What the app prints when built by tsc or run by vitest: the names as written. */
const AS_WRITTEN = { results: ['20 EUR', '20 EUR', 'TEA', 'TEA'], calls: 2, names: ['Catalog', 'lookup'], versionKeys: ['Catalog.price_memver', 'lookup_memver'] };

describe('esbuild --bundle --platform=node of an app that imports only decocache', () => {
  it('builds without ioredis, memjs or keyv installed, and runs (ES module output)', async () => {
    const output = await bundleAndRun('app.mjs', { format: 'esm' });
    expect(output).toMatchObject({ results: AS_WRITTEN.results, calls: 2 });
    expect(output.versionKeys).toContain('Catalog.price_memver');
  });

  it('builds and runs as CommonJS output too', async () => {
    const output = await bundleAndRun('app.cjs', { format: 'cjs' });
    expect(output).toMatchObject({ results: AS_WRITTEN.results, calls: 2 });
    expect(output.versionKeys).toContain('Catalog.price_memver');
  });

  it('with --minify --keep-names keeps the class and function names, so the keys are those of the unbundled app', async () => {
    expect(await bundleAndRun('minified.mjs', { format: 'esm', minify: true, keepNames: true })).toEqual(AS_WRITTEN);
  });

  it('bundles the peer of a backend named in the config when it is installed (RedisCache with ioredis)', async () => {
    const redis = inject('redis');
    // CommonJS output: ioredis is CommonJS, whose require() calls ES module output cannot serve.
    const output = await bundleAndRun('redis.cjs', { format: 'cjs', nodePaths: [REPO_MODULES], keepNames: true }, { CACHE_TYPE: 'RedisCache', REDIS_URL: `redis://${redis.host}:${redis.port}/5` });
    expect(output).toEqual(AS_WRITTEN);
  });
});
