import { configDefaults, defineConfig } from 'vitest/config';
import { sourceAliases } from './scripts/source-aliases.js';

/** Specs written for TypeScript's legacy decorators (`experimentalDecorators`), as NestJS apps are. */
const LEGACY_ONLY = ['spec/nestjs/**/*.spec.ts'];
/**
 * Specs that run twice: once with Stage-3 decorators, once compiled as legacy ones (NestJS,
 * TypeORM, Angular): keys, hits and invalidation must be identical in both modes.
 */
const BOTH_MODES = ['spec/decorators/**/*.spec.ts'];
/** Type-level cases with Stage-3-only syntax (private methods, auto-accessors) have no legacy form. */
const STAGE3_ONLY = ['spec/decorators/types.spec.ts'];

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
