import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedBuild } from './shared-build.js';

const run = promisify(execFile);

/** What one run of the built `decocache` command printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command: `run(args, env)` runs `node <build>/cli/main.js ...args`. */
export interface BuiltCli {
  main: string;
  run(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
}

/**
 * The real binary of the sources built as `npm run build` builds them (the build the spec files
 * share, see shared-build.ts). The child's environment holds PATH and what the test passes, no
 * CACHE_* of the parent. A run that does not end by itself within 20 s is killed and fails the test.
 */
export async function buildCli(): Promise<BuiltCli> {
  const main = join(await sharedBuild(), 'cli', 'main.js');
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
  };
}
