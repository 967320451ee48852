import { spawn, type ChildProcess } from 'node:child_process';

/** An app started as a child process (and its children), listening on a loopback URL. */
export interface SpawnedApp {
  /** The URL the app printed as `listening on http://127.0.0.1:PORT`. */
  url: string;
  /** The process started (npm or npx, whose children run the app). */
  child: ChildProcess;
  /** Everything the app printed so far, stdout and stderr. */
  output(): string;
  /** Sends `signal` to the whole process group and resolves once the started process exits. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `command args` in the repository, detached so that its children (npm runs node as a
 * grandchild) get the signals too, and resolves once it prints `listening on http://127.0.0.1:PORT`.
 */
export async function spawnListening(command: string, args: readonly string[], env: NodeJS.ProcessEnv, startTimeoutMs: number): Promise<SpawnedApp> {
  const child = spawn(command, args, {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start:\n${output}`)), startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid, signal);
      await exited;
    },
  };
}
