import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The only address test servers listen on. */
export const HOST = '127.0.0.1';

/** A server process the tests started, with where it listens and logs. */
export interface Server {
  /** Process id of the server (setpriv execs it, so the pid is the server's). */
  pid: number;
  /** Client port on HOST. */
  port: number;
  /** The Node handle of the process. */
  child: ChildProcess;
  /** Binary name, e.g. `redis-server`. */
  cmd: string;
  /** Arguments it was started with, so it can be restarted identically. */
  args: string[];
  /** File receiving its stdout and stderr. */
  log: string;
}

// Below Linux's ephemeral range (32768-60999): a port the kernel hands out for listen(0) is also
// one it hands to outgoing connections, so on a busy machine a client socket could take it between
// the probe and the server's bind (seen as a sentinel's "Address already in use").
const PORT_MIN = 20_000;
const PORT_SPAN = 12_000;

/** A port free on HOST right now, outside the ephemeral range, found by listening on it. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = PORT_MIN + Math.floor(Math.random() * PORT_SPAN);
    if (await canListen(port)) return port;
    if (attempt >= 50) throw new Error(`no free port on ${HOST} between ${PORT_MIN} and ${PORT_MIN + PORT_SPAN} after 50 tries`);
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', () => resolve(false));
    srv.listen(port, HOST, () => srv.close(() => resolve(true)));
  });
}

/** `n` distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** A fresh temporary directory. */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Removes a directory tree, ignoring what is already gone. */
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

const started = new Set<ChildProcess>();

function killStartedNow(): void {
  for (const c of started) {
    if (c.pid && c.exitCode === null && c.signalCode === null) {
      try { process.kill(c.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
}

// vitest's own signal and exit handlers call process.exit(), which skips listeners added after them,
// so ours go first; setpriv's PDEATHSIG covers the cases where even this does not run.
process.prependOnceListener('exit', killStartedNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.prependOnceListener(sig, () => {
    killStartedNow();
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  });
}

/** Spawns a server through `setpriv --pdeathsig KILL`, so it dies with the process that started it. */
export function startProcess(cmd: string, args: string[], port: number, log: string, env?: Record<string, string>): Server {
  const fd = openSync(log, 'a');
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', cmd, ...args], {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env },
  });
  closeSync(fd);
  child.once('error', () => { /* surfaces through 'exit' in waitReady */ });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}: is it installed?`);
  started.add(child);
  child.once('exit', () => started.delete(child));
  return { pid: child.pid, port, child, cmd, args, log };
}

/** Polls `probe` every 25 ms until it returns something truthy, or throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | false | undefined>, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${String(last)}`);
    await sleep(25);
  }
}

/** Polls `probe` until the server answers, failing at once with its log tail if the process exits first. */
export async function waitReady<T>(s: Server, what: string, probe: () => Promise<T | false | undefined>, timeoutMs = 20_000): Promise<T> {
  let onExit = (): void => {};
  const exited = new Promise<never>((_, reject) => {
    onExit = () => reject(new Error(`${what}: the process exited`));
    s.child.once('exit', onExit);
  });
  exited.catch(() => {});
  try {
    if (s.child.exitCode !== null || s.child.signalCode !== null) throw new Error(`${what}: the process exited`);
    return await Promise.race([until(what, probe, timeoutMs), exited]);
  } catch (e) {
    const tail = readFileSync(s.log, 'utf8').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${(e as Error).message}; ${s.cmd} exit=${s.child.exitCode ?? s.child.signalCode}; log: ${tail}`);
  } finally {
    s.child.off('exit', onExit);
  }
}

/** Runs `redis-cli` against a port and resolves its stdout. */
export function cli(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('redis-cli', ['-h', HOST, '-p', String(port), ...args], { timeout: 2000 }, (err, out) =>
      err ? reject(err) : resolve(out)));
}

/** Signals a server and resolves when it has exited (SIGKILL after 3 s). */
export function stop(server: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    try { process.kill(server.pid, signal); } catch { /* exited meanwhile: 'exit' still fires */ }
  });
}

/**
 * Hangs a server with SIGSTOP and resolves once every one of its threads is stopped: kill() only
 * queues the signal, and a request written at once can still be answered by a thread that has not
 * stopped yet (memcached's workers, seen on a loaded machine).
 */
export async function hang(server: Server): Promise<void> {
  process.kill(server.pid, 'SIGSTOP');
  const stopped = (): boolean => {
    try {
      return readdirSync(`/proc/${server.pid}/task`).every((tid) => /^\d+ \(.*\) [tT] /.test(readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      return false;
    }
  };
  for (const t0 = Date.now(); !stopped(); ) {
    if (Date.now() - t0 > 2000) throw new Error(`${server.cmd} ${server.pid} did not stop within 2 s of SIGSTOP`);
    await sleep(2);
  }
}

