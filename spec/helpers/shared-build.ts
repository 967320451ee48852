import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the repository, so a build resolves node_modules; ignored by git. */
const buildsDir = join(root, '.cli-build');
/** What `npm run build` reads: a change to any of them makes a new build. */
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];
const STALE_MS = 60 * 60 * 1000;
const run = promisify(execFile);

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => filesUnder(join(path, name)));
}

/** A digest of every input's path and content. */
function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Removes other builds unused for an hour: older sources' builds. */
function pruneStale(keep: string): void {
  for (const name of readdirSync(buildsDir)) {
    const path = join(buildsDir, name);
    if (path !== keep && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

let built: Promise<string> | undefined;

async function buildOnce(): Promise<string> {
  const out = join(buildsDir, `build-${inputsHash()}`);
  if (existsSync(join(out, 'cli', 'main.js'))) {
    // Marks it used, so another build's pruning leaves it alone.
    const now = new Date();
    utimesSync(out, now, now);
    return out;
  }
  mkdirSync(buildsDir, { recursive: true });
  const partial = mkdtempSync(join(buildsDir, 'partial-'));
  await run(process.execPath, [join(root, 'scripts/build.mjs'), '--out-dir', partial], { cwd: root, timeout: 120_000 });
  try {
    renameSync(partial, out);
  } catch (error) {
    // Another spec file finished the same build first: theirs is as good.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(out, 'cli', 'main.js'))) throw error;
  }
  pruneStale(out);
  return out;
}

/**
 * The directory `npm run build` (scripts/build.mjs) makes from the current sources: ES modules,
 * declarations and the CommonJS entries, as dist/ holds them. Built once per content of the
 * sources and kept under .cli-build/, so the spec files that need a build (the CLI specs run its
 * binary, the bundle spec installs it) share one, in this run and the next. Never written to.
 */
export function sharedBuild(): Promise<string> {
  built ??= buildOnce();
  return built;
}
