import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CacheConfig } from '../../src/index.js';
import { bundledScript } from './bundled-script.js';

const script = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/** A child process holding its own Cache; `send` runs one command in it. */
export interface Worker {
  pid: number;
  send<T = unknown>(command: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts a worker process whose Cache uses `config` (JSON-serializable fields only); `program`
 * replaces worker-process.ts by another script speaking the same line protocol (with an `add` op).
 */
export async function startWorker(config: CacheConfig, program: string = script): Promise<Worker> {
  const child: ChildProcess = spawn(process.execPath, [await bundledScript(program)], {
    env: { ...process.env, DECOCACHE_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string | Error) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  child.once('exit', (code) => {
    for (const fail of waiting.splice(0)) fail(new Error(`worker exited with code ${code}`));
  });
  const send = <T>(command: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push((line) => {
        if (line instanceof Error) return reject(line);
        const reply = JSON.parse(line) as { ok: boolean; value?: T; error?: string };
        if (reply.ok) resolve(reply.value as T);
        else reject(new Error(reply.error));
      });
      child.stdin!.write(`${JSON.stringify(command)}\n`);
    });
  // The first call of a fresh process also loads the backend's client and connects, inside its
  // operationTimeout, which a loaded machine can exhaust: the warm-up, which only waits for the
  // worker to be ready, gets three tries (fewer than the circuit breaker's five failures).
  for (let attempt = 1; ; attempt++) {
    try {
      await send({ op: 'add', key: `__warmup_${child.pid}` });
      break;
    } catch (error) {
      if (attempt === 3 || child.exitCode !== null || child.signalCode !== null) throw error;
    }
  }
  return {
    pid: child.pid!,
    send,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
