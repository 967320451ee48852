import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_MODULES, linkModules, makeTemp, pack, packageJson, removeTemp, run, runNode, writeProject, type Packed } from '../helpers/package.js';

/** The peers each subpath imports at run time (type-only imports need nothing). */
const SUBPATH_PEERS: Record<string, string[]> = {
  filesystem: [],
  redis: ['ioredis'],
  memcached: ['memjs'],
  keyv: ['keyv'],
  express: [],
  fastify: [],
  nunjucks: [],
  'express-session': ['express-session'],
  nestjs: ['@nestjs/common', '@nestjs/core', 'rxjs'],
  testing: [],
  otel: ['@opentelemetry/api'],
};

let dir = '';
let packed: Packed;
/** A project with only the tarball installed: no ioredis, memjs, keyv or any other peer. */
let bare = '';
/** The same project with every peer linked in. */
let full = '';

beforeAll(() => {
  dir = makeTemp('decocache-pack-');
  packed = pack(dir);
  bare = join(dir, 'bare');
  mkdirSync(bare);
  writeProject(bare);
  // --prefer-offline: reflect-metadata comes from the npm cache that installed this repository.
  const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', packed.tarball], bare, 120_000);
  if (installed.status !== 0) throw new Error(`npm install of the tarball failed:\n${installed.stderr}`);
  full = join(dir, 'full');
  cpSync(bare, full, { recursive: true });
  linkModules(full, [...new Set(Object.values(SUBPATH_PEERS).flat())]);
}, 240_000);

afterAll(() => removeTemp(dir));

describe('the packed tarball', () => {
  it('ships the ES modules, the CommonJS entries, both declarations, src/ for the source maps, README, CHANGELOG and LICENSE, and no specs', () => {
    const files = new Set(packed.files);
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/index.js.map', 'src/index.ts', 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json']) {
      expect(files.has(file), file).toBe(true);
    }
    expect(packed.files.filter((f) => f.startsWith('spec/') || f.startsWith('examples/') || f.startsWith('benchmarks/'))).toEqual([]);
  });

  it('has types that resolve for every subpath under node10, node16 (CommonJS and ES modules) and bundler (arethetypeswrong)', () => {
    const attw = run(process.execPath, [join(REPO_MODULES, '@arethetypeswrong/cli/dist/index.js'), packed.tarball, '--format', 'json'], dir, 120_000);
    const report = JSON.parse(attw.stdout) as { problems: Record<string, unknown>; analysis: { entrypoints: Record<string, unknown> } };
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(Object.keys(packageJson().exports).sort());
  });

  it('installs without ioredis, memjs or keyv', () => {
    for (const peer of ['ioredis', 'memjs', 'keyv']) expect(existsSync(join(bare, 'node_modules', peer)), peer).toBe(false);
    expect(existsSync(join(bare, 'node_modules/decocache/package.json'))).toBe(true);
  });
});

describe("require('decocache') and import('decocache')", () => {
  it('give one and the same module, so an app loading both has one default cache and one Cache class', () => {
    const result = runNode(bare, 'cjs', `
      const required = require('decocache');
      import('decocache').then(async (imported) => {
        const cache = new required.Cache();
        await cache.set('k', { n: 1 });
        console.log(JSON.stringify({
          same: required === imported,
          instanceOf: cache instanceof imported.Cache,
          value: await imported.getDefaultCache().get('k'),
          names: Object.keys(required).length,
        }));
      });
    `);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ same: true, instanceOf: true, value: { n: 1 }, names: expect.any(Number) });
  });

  it('work from an ES module too, with named imports', () => {
    const result = runNode(bare, 'mjs', `
      import { Cache, SimpleCache } from 'decocache';
      import { createRequire } from 'node:module';
      const cache = new Cache({ type: 'SimpleCache' });
      await cache.set('n', 41);
      console.log(await cache.inc('n'), createRequire(import.meta.url)('decocache').SimpleCache === SimpleCache);
    `);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('42 true');
  });

  it('a backend named in the config, whose peer is not installed, rejects saying which package to install', () => {
    const result = runNode(bare, 'mjs', `
      import { Cache } from 'decocache';
      for (const [type, extra] of [['RedisCache', {}], ['MemcachedCache', {}], ['KeyvCache', {}]]) {
        const cache = new Cache({ type, ...extra });
        const error = await cache.set('k', 1).then(() => undefined, (e) => e);
        console.log(type + ': ' + error?.message);
      }
    `);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain("RedisCache: could not create the RedisCache backend: type 'RedisCache' needs the ioredis package, which is not installed: npm install ioredis");
    expect(result.stdout).toContain('npm install memjs');
    expect(result.stdout).toContain('npm install keyv');
  });
});

describe('every subpath', () => {
  const subpaths = Object.keys(packageJson().exports).filter((s) => s !== '.' && s !== './package.json').map((s) => s.slice(2));

  it('is listed here with its peers', () => {
    expect(subpaths.sort()).toEqual(Object.keys(SUBPATH_PEERS).sort());
  });

  it('loads through require() and import() as one module once its peers are installed', () => {
    const result = runNode(full, 'cjs', `
      (async () => {
        for (const sub of ${JSON.stringify(subpaths)}) {
          const name = 'decocache/' + sub;
          const required = require(name);
          const imported = await import(name);
          console.log(sub + ' ' + (required === imported) + ' ' + Object.keys(imported).length);
        }
      })();
    `);
    expect(result.stderr).toBe('');
    for (const sub of subpaths) expect(result.stdout).toMatch(new RegExp(`^${sub} true [1-9]`, 'm'));
  });

  it('without its peer fails naming the package to install, and the subpaths without peers still load', () => {
    const result = runNode(bare, 'cjs', `
      (async () => {
        for (const sub of ${JSON.stringify(subpaths)}) {
          try {
            await import('decocache/' + sub);
            console.log(sub + ' loaded');
          } catch (error) {
            console.log(sub + ' ' + error.code + ' ' + error.message.split('\\n')[0]);
          }
        }
      })();
    `);
    for (const [sub, peers] of Object.entries(SUBPATH_PEERS)) {
      if (peers.length === 0) expect(result.stdout).toMatch(new RegExp(`^${sub} loaded$`, 'm'));
      else expect(result.stdout).toMatch(new RegExp(`^${sub} ERR_MODULE_NOT_FOUND Cannot find (package|module) '${peers[0]}`, 'm'));
    }
  });
});

describe('source maps', () => {
  it('map a stack trace from dist/ to the shipped src/*.ts under --enable-source-maps', () => {
    const result = runNode(bare, 'mjs', `
      import { Cache } from 'decocache';
      try {
        new Cache({ defaultTimeout: -1 });
      } catch (error) {
        console.log(error.stack);
      }
    `, ['--enable-source-maps']);
    const frame = /node_modules\/decocache\/(src\/[\w/.-]+\.ts):\d+:\d+/.exec(result.stdout);
    expect(frame, result.stdout).not.toBeNull();
    expect(existsSync(join(bare, 'node_modules/decocache', frame![1]!))).toBe(true);
  });
});
