import { open, rm, stat } from 'node:fs/promises';

const STALE_MS = 5_000;
const GIVE_UP_MS = 10_000;

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` holding an exclusive lock file (`O_CREAT|O_EXCL`), so read-modify-write operations
 * (inc, touch) are atomic across processes sharing the directory. Callers in one process queue
 * up first, so only one of them polls the file. A lock older than 5 s is taken as left by a
 * crashed process and broken.
 */
export function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(lockPath) ?? Promise.resolve();
  const next = previous.then(() => holdFileLock(lockPath, fn));
  const settled = next.catch(() => {});
  queues.set(lockPath, settled);
  void settled.then(() => {
    if (queues.get(lockPath) === settled) queues.delete(lockPath);
  });
  return next;
}

async function holdFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let wait = 1;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_MS) await rm(lockPath, { force: true });
      else if (Date.now() - started > GIVE_UP_MS) throw new Error(`could not lock ${lockPath} within ${GIVE_UP_MS} ms`);
      else await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 8);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
