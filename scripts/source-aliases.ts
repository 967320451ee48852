import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface ExportTarget {
  import: { default: string };
}

/**
 * `decocache` and each of its subpaths mapped to the TypeScript source that package.json `exports`
 * builds them from (`./dist/backends/redis/index.js` → `src/backends/redis/index.ts`), so the
 * examples import the package by name and vite-node and vitest run them on the sources.
 */
export function sourceAliases(): { find: RegExp; replacement: string }[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, ExportTarget | string> };
  return Object.entries(pkg.exports)
    .filter((entry): entry is [string, ExportTarget] => typeof entry[1] !== 'string')
    .map(([subpath, target]) => ({
      find: new RegExp(`^${pkg.name}${subpath.slice(1).replaceAll('/', '\\/')}$`),
      replacement: join(root, target.import.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')),
    }));
}
