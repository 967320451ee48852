import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { sourceAliases } from './scripts/source-aliases.js';
import { slowFirst } from './spec/helpers/slow-first-sequencer.js';

/** Specs written for TypeScript's legacy decorators (`experimentalDecorators`), as NestJS apps are. */
const LEGACY_ONLY = ['spec/nestjs/**/*.spec.ts'];
/**
 * Specs that run twice: once with Stage-3 decorators, once compiled as legacy ones (NestJS,
 * TypeORM, Angular): keys, hits and invalidation must be identical in both modes.
 */
const BOTH_MODES = ['spec/decorators/**/*.spec.ts'];
/** Type-level cases with Stage-3-only syntax (private methods, auto-accessors) have no legacy form. */
const STAGE3_ONLY = ['spec/decorators/types.spec.ts'];
/**
 * Spec files of 10 s or more, longest first: they start at once and the short ones fill the other
 * workers around them. Most of their time is spent waiting on timers and servers, not the CPU.
 */
const SLOW_FIRST = [
  'spec/failure/chaos.spec.ts',
  'spec/fleet/consistency.spec.ts',
  'spec/failure/sentinel-master-kill.spec.ts',
  'spec/cli/commands.spec.ts',
  'spec/cli/delete-memoized.spec.ts',
  'spec/fleet/consistency-chaos.spec.ts',
  'spec/keys/decorator-modes.spec.ts',
  'spec/backends/memcached-sasl.spec.ts',
  'spec/backends/memcached.spec.ts',
];
/**
 * Files run side by side. Vitest's default is one fewer than the cores, so one at a time on a
 * 2-core machine, while the long files mostly wait on timers and servers (60 s of chaos traffic,
 * ten Sentinel failovers): the run took the sum of every file's time, 7 minutes. Five at a time
 * on 2 cores keeps the CPU busy; eight overloaded it (1 s operation timeouts ran out in freshly
 * started processes). Runs that keep a core busy by design take turns (spec/helpers/turns.ts).
 */
const WORKERS = Math.max(5, availableParallelism());

// vitest 3.2 transforms with esbuild, which lowers Stage-3 decorators for Node 20;
// vitest 4 (Oxc) does not, so the version is pinned in package.json.
const esbuild = { target: 'es2022' };
const resolve = { alias: sourceAliases() };
const test = {
  environment: 'node',
  testTimeout: 20_000,
  hookTimeout: 60_000,
  dangerouslyIgnoreUnhandledErrors: false,
  pool: 'forks',
} as const;

export default defineConfig({
  esbuild,
  resolve,
  test: {
    // The root project's global setup runs once per run and provides the servers to both projects.
    globalSetup: ['spec/helpers/global-setup.ts'],
    maxWorkers: WORKERS,
    sequence: { sequencer: slowFirst(SLOW_FIRST) },
    projects: [
      { esbuild, resolve, test: { ...test, name: 'stage3', include: ['spec/**/*.spec.ts'], exclude: [...configDefaults.exclude, ...LEGACY_ONLY] } },
      {
        // Vite hands these compiler options to esbuild over what tsconfig.json says.
        esbuild: { ...esbuild, tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } },
        resolve,
        test: { ...test, name: 'legacy', include: [...LEGACY_ONLY, ...BOTH_MODES], exclude: [...configDefaults.exclude, ...STAGE3_ONLY] },
      },
    ],
  },
});
