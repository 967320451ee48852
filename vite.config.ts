import { defineConfig } from 'vite';

// vite-node (demo, benchmarks, cross-process workers) reads this file: esbuild must lower the
// Stage-3 decorators, which Node 20 cannot parse.
export default defineConfig({
  esbuild: { target: 'es2022' },
});
