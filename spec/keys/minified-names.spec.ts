import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { appDir, bundleApp } from '../helpers/bundle-app.js';

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

const scratch = appDir('minify');
afterAll(() => scratch.remove());

async function bundleAndRun(name: string, keepNames: boolean): Promise<string[]> {
  const outfile = await bundleApp(scratch.dir, name, APP, { minify: true, keepNames });
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
