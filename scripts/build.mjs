// Builds the package: the ES modules and their types (dist/), then for require() a CommonJS entry
// per export (dist/cjs/) that hands back the very same ES module through Node's require(esm), with
// the types copied as CommonJS declarations. One copy of the code, so one default cache, one
// registry of decorated functions and one `Cache` class per process, however the app loads it.
//
//   node scripts/build.mjs [--out-dir dist]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const out = resolve(root, values['out-dir']);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** Where a `./dist/...` path of package.json lands in this build. */
const built = (path) => join(out, relative('dist', path));

rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(out, 'cjs'), '--emitDeclarationOnly'], { cwd: root, stdio: 'inherit' });
writeFileSync(join(out, 'cjs/package.json'), '{ "type": "commonjs" }\n');

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue;
  const file = built(target.require.default);
  let esm = relative(dirname(file), built(target.import.default)).replaceAll('\\', '/');
  if (!esm.startsWith('.')) esm = `./${esm}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, cjsEntry(subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, esm));
}

function cjsEntry(name, esm) {
  return `'use strict';
// ${name} is ES modules; require() gets the same module instance as import() through require(esm).
try {
  module.exports = require('${esm}');
} catch (error) {
  if (error && error.code === 'ERR_REQUIRE_ESM') {
    throw new Error('require(\\'${name}\\') needs Node.js >= 20.19 or >= 22.12 (require of ES modules); upgrade Node.js or use import()', { cause: error });
  }
  throw error;
}
`;
}
