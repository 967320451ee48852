import { defineConfig } from 'vitest/config';

export default defineConfig({
  // vitest 3.2 transforms with esbuild, which lowers Stage-3 decorators for Node 20;
  // vitest 4 (Oxc) does not, so the version is pinned in package.json.
  esbuild: { target: 'es2022' },
  test: {
    include: ['spec/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['spec/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    dangerouslyIgnoreUnhandledErrors: false,
    pool: 'forks',
  },
});
