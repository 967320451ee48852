import { defineConfig } from 'vite';
import { sourceAliases } from './scripts/source-aliases.js';

// vite-node (demo, benchmarks, cross-process workers) reads this file: esbuild must lower the
// Stage-3 decorators, which Node 20 cannot parse, and `decocache` resolves to the sources.
export default defineConfig({
  esbuild: { target: 'es2022' },
  resolve: { alias: sourceAliases() },
});
