import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '../..');

/** The repository's installed packages, where peers for a temporary project are linked from. */
export const REPO_MODULES = join(ROOT, 'node_modules');

/** A fresh directory under the system temp dir; `removeTemp` deletes it. */
export function makeTemp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Deletes a directory made by `makeTemp`. */
export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The package as `npm pack` makes it, built in a scratch copy so the worktree's dist/ is left alone. */
export interface Packed {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the tarball, relative to the package root. */
  files: string[];
}

/**
 * Packs the package into `dir` as `npm pack` would (build, then package.json `files`), from a
 * scratch copy of the sources so the worktree's dist/ is left alone and the source maps point
 * where they point in a real build.
 */
export function pack(dir: string): Packed {
  const stage = join(dir, 'stage');
  mkdirSync(stage, { recursive: true });
  for (const entry of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'src', 'scripts', 'tsconfig.json', 'tsconfig.build.json']) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  symlinkSync(REPO_MODULES, join(stage, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: stage, stdio: 'pipe', timeout: 120_000 });
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: stage, encoding: 'utf8', timeout: 120_000 });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dir, info!.filename), files: info!.files.map((f) => f.path) };
}

/** Writes `package.json` of a private temporary project. */
export function writeProject(dir: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'decocache-consumer', private: true, ...extra }, null, 2));
}

/** Links packages of the repository into a temporary project, as if installed there. */
export function linkModules(projectDir: string, names: readonly string[]): void {
  for (const name of names) {
    const target = join(projectDir, 'node_modules', name);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(REPO_MODULES, name), target, 'dir');
  }
}

/** What a child process printed and how it ended. */
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (bounded by `timeout` ms) and returns its output without throwing. */
export function run(command: string, args: readonly string[], cwd: string, timeout = 60_000, env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** Runs a Node script given as text in `cwd` (`.cjs` or `.mjs` by `type`) and returns what it printed. */
export function runNode(cwd: string, type: 'cjs' | 'mjs', source: string, nodeArgs: readonly string[] = []): RunResult {
  const file = join(cwd, `script-${Date.now()}-${Math.random().toString(36).slice(2)}.${type}`);
  writeFileSync(file, source);
  return run(process.execPath, [...nodeArgs, file], cwd);
}

/** The package.json of the repository. */
export function packageJson(): { name: string; version: string; exports: Record<string, unknown>; [field: string]: unknown } {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}
