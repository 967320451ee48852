import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** What one run of the built `decocache` command printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command: `run(args, env)` runs `node <build>/cli/main.js ...args`; `remove()` deletes the build. */
export interface BuiltCli {
  main: string;
  run(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  remove(): void;
}

/**
 * Compiles src with tsconfig.build.json, as `npm run build` does, into a private directory inside
 * the repository (so the build resolves node_modules and spec files can build in parallel), and
 * runs the real binary from it. The child's environment holds PATH and what the test passes, no
 * CACHE_* of the parent. A run that does not end by itself within 20 s is killed and fails the test.
 */
export async function buildCli(): Promise<BuiltCli> {
  mkdirSync(join(root, '.cli-build'), { recursive: true });
  const outDir = mkdtempSync(join(root, '.cli-build', 'dist-'));
  await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { cwd: root });
  const main = join(outDir, 'cli', 'main.js');
  return {
    main,
    async run(args, env = {}) {
      try {
        const { stdout, stderr } = await run(process.execPath, [main, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 20_000, killSignal: 'SIGKILL' });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: unknown; killed?: boolean; stdout?: string; stderr?: string };
        if (failed.killed || typeof failed.code !== 'number') throw new Error(`decocache ${args.join(' ')} did not exit by itself: ${String(error)}`);
        return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
      }
    },
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
