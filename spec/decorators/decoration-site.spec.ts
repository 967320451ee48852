import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { fresh } from '../helpers/memory-cache.js';

const run = promisify(execFile);
// Under node_modules/.cache, so the bundles resolve the optional peers they import like an app would.
mkdirSync(join('node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(resolve('node_modules', '.cache'), 'decocache-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An app as it ships: two same-named classes in two places (different code: a conflict), one class
 * defined by a factory twice (the same code: shared), two same-named plain functions (a conflict).
 */
const APP = `
import { Cache } from 'decocache';
const cache = new Cache();
const out: string[] = [];
const conflict = (f: () => unknown, name: string) => {
  try { f(); out.push('no error'); } catch (e) { out.push(e instanceof TypeError && e.message.includes('"' + name + '"') ? 'conflict' : 'other: ' + String(e)); }
};
function users() { class Twin { @cache.memoize() async m() { return 'user'; } } return Twin; }
function orders() { class Twin { @cache.memoize() async m() { return 'order'; } } return Twin; }
new (users())();
conflict(() => new (orders())(), 'Twin.m');
function factory() { class Shared { @cache.memoize() async m() { return 1; } } return Shared; }
new (factory())();
new (factory())();
out.push('shared');
cache.memoize()(async function plain() { return 1; });
conflict(() => cache.memoize()(async function plain() { return 2; }), 'plain');
console.log(JSON.stringify(out));
`;
const EXPECTED = ['conflict', 'shared', 'conflict'];
const decocache = { name: 'decocache', setup: (b: { onResolve: Function }) => b.onResolve({ filter: /^decocache$/ }, () => ({ path: resolve('src/index.ts') })) };

async function bundle(name: string, options: { minify?: boolean; sourcemap?: boolean; source?: string }): Promise<string> {
  writeFileSync(join(dir, `${name}.ts`), options.source ?? APP);
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [join(dir, `${name}.ts`)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    outfile,
    keepNames: true,
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ?? false,
    external: ['ioredis', 'memjs', 'keyv', 'nunjucks'],
    plugins: [decocache as never],
    logLevel: 'silent',
  });
  return outfile;
}

async function output(file: string, flags: string[] = []): Promise<unknown> {
  const { stdout } = await run(process.execPath, [...flags, file], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('decoration sites tell apart decorations the way code ships', () => {
  it('an esbuild bundle (helpers named __decorateElement) on plain node', async () => {
    expect(await output(await bundle('plain', {}))).toEqual(EXPECTED);
  });

  it('a minified esbuild bundle, whose helpers all sit at one renamed position', async () => {
    expect(await output(await bundle('minified', { minify: true }))).toEqual(EXPECTED);
  });

  it('a minified bundle with source maps on (node --enable-source-maps)', async () => {
    expect(await output(await bundle('mapped', { minify: true, sourcemap: true }), ['--enable-source-maps'])).toEqual(EXPECTED);
  });

  it("tsc's output (helpers __esDecorate, __runInitializers) on plain node", async () => {
    await bundle('library', { source: "export * from 'decocache';" });
    writeFileSync(join(dir, 'tsc-app.ts'), `// @ts-nocheck\n${APP.replace("from 'decocache'", "from './library.mjs'")}`);
    await run(resolve('node_modules/.bin/tsc'), ['--ignoreConfig', '--target', 'es2022', '--module', 'esnext', '--outDir', join(dir, 'tsc'), join(dir, 'tsc-app.ts')], { timeout: 60_000, cwd: dir });
    writeFileSync(join(dir, 'tsc', 'library.mjs'), "export * from '../library.mjs';");
    const out = (await output(join(dir, 'tsc', 'tsc-app.js'))) as string[];
    expect(out).toEqual(EXPECTED);
  });
});

describe('decoration sites when the stack says little', () => {
  it('Error.stackTraceLimit = 0 at decoration still reads a site', () => {
    const cache = fresh();
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      const versions = [async function limited() {
        return 1;
      }, async function limited() {
        return 2;
      }];
      // One decoration site, two bodies: allowed only if the site was read.
      expect(() => versions.map((v) => cache.memoize()(v))).not.toThrow();
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('a stack that cannot be read falls back to the source text: the same code shares, other code conflicts', () => {
    const cache = fresh();
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = (_error, callSites) => callSites;
    try {
      const define = () =>
        cache.memoize()(async function unreadable() {
          return 1;
        });
      define();
      expect(() => define()).not.toThrow();
      expect(() =>
        cache.memoize()(async function unreadable() {
          return 2;
        }),
      ).toThrow(/"unreadable".*where the stack could not be read/);
    } finally {
      Error.prepareStackTrace = prepare;
    }
  });
});
