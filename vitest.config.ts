import { defineConfig } from 'vitest/config';

// vitest 3.2 transforms with esbuild, which lowers Stage-3 decorators for Node 20; vitest 4 (Oxc)
// does not, so the version is pinned in package.json.
const stage3 = { target: 'es2022' };
// The same decorator specs compiled as TypeScript's legacy decorators (NestJS, TypeORM, Angular):
// keys, hits and invalidation must be identical in both modes.
const legacy = { target: 'es2022', tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } };

export default defineConfig({
  esbuild: stage3,
  test: {
    environment: 'node',
    globalSetup: ['spec/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    dangerouslyIgnoreUnhandledErrors: false,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'stage3', include: ['spec/**/*.spec.ts'] } },
      {
        extends: true,
        esbuild: legacy,
        test: {
          name: 'legacy',
          include: ['spec/decorators/**/*.spec.ts'],
          // Type-level cases (private methods, Stage-3 contexts) have no legacy form.
          exclude: ['spec/decorators/types.spec.ts'],
        },
      },
    ],
  },
});
