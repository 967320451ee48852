import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** A memoized method and a memoized function, each printing its key or the error decocache raised. */
const APP = `
import { Cache } from 'decocache';
const cache = new Cache();
const out = [];
try {
  class UserService { @cache.memoize() async getUser(id: number) { return { id }; } }
  const users = new UserService();
  out.push(await UserService.prototype.getUser.makeCacheKey(users, 1) ? 'method ok' : 'no key');
} catch (e) { out.push(e instanceof TypeError ? 'method: ' + e.message : 'other: ' + String(e)); }
try {
  const lookup = cache.memoize()(async function lookupProduct(id: number) { return { id }; });
  out.push(await lookup.makeCacheKey(undefined, 1) ? 'function ok' : 'no key');
} catch (e) { out.push(e instanceof TypeError ? 'function: ' + e.message : 'other: ' + String(e)); }
console.log(JSON.stringify(out));
`;

mkdirSync(resolve('node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(resolve('node_modules', '.cache'), 'decocache-minify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const decocache = { name: 'decocache', setup: (b: { onResolve: Function }) => b.onResolve({ filter: /^decocache$/ }, () => ({ path: resolve('src/index.ts') })) };

async function bundleAndRun(name: string, keepNames: boolean): Promise<string[]> {
  writeFileSync(join(dir, 'app.ts'), APP);
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [join(dir, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    minify: true,
    keepNames,
    outfile,
    external: ['ioredis', 'memjs', 'keyv', 'nunjucks'],
    plugins: [decocache as never],
    logLevel: 'silent',
  });
  const { stdout } = await run(process.execPath, [outfile], { timeout: 20_000 });
  return JSON.parse(stdout.trim()) as string[];
}

describe('minified builds', () => {
  it('esbuild --minify without --keep-names is refused when the names are needed, with a message that says what to do', async () => {
    const [method, fn] = await bundleAndRun('mangled', false);
    expect(method).toMatch(/^method: .*looks minified.*--keep-names/);
    // esbuild drops the name of a function expression altogether; decocache says why and what to do.
    expect(fn).toMatch(/^function: .*(anonymous|looks minified).*namespace.*--keep-names|^function: .*looks minified.*--keep-names.*namespace/);
  });

  it('esbuild --minify --keep-names builds the keys as an unminified build does', async () => {
    expect(await bundleAndRun('kept', true)).toEqual(['method ok', 'function ok']);
  });
});
