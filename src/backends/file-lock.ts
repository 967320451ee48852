import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';

/** A lock or temporary file older than this is taken as left behind, whoever wrote it. */
export const STALE_MS = 5_000;
const GIVE_UP_MS = 10_000;

/** This process as it signs its lock and temporary files: a short hash of the host name, and the pid. */
export const OWNER = `${createHash('sha256').update(hostname()).digest('hex').slice(0, 8)}-${process.pid}`;

/**
 * Whether a file signed `owner` was left by a process that is gone: one on this host whose pid no
 * longer runs. Other hosts (a shared directory) cannot be asked, so their files only age out.
 */
export function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split('-');
  if (host !== OWNER.split('-')[0] || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` holding an exclusive lock file (`O_CREAT|O_EXCL`), so read-modify-write operations
 * (inc, touch) are atomic across processes sharing the directory. Callers in one process queue
 * up first, so only one of them polls the file. The lock file names its holder, so a lock left by
 * a crashed process on this host is broken at once; any lock older than 5 s is broken too.
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
  const mine = `${OWNER} ${randomBytes(6).toString('hex')}`;
  let wait = 1;
  while (!(await tryLock(lockPath, mine))) {
    const holder = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (holder !== undefined && (await isStale(lockPath, holder))) await breakLock(lockPath, holder);
    else if (Date.now() - started > GIVE_UP_MS) throw new Error(`could not lock ${lockPath} within ${GIVE_UP_MS} ms`);
    else await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 8);
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function tryLock(lockPath: string, mine: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(mine);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A lock whose holder is gone, or that is old; an empty one is still being written, unless old. */
export async function isStale(lockPath: string, holder: string): Promise<boolean> {
  if (holder !== '' && ownerIsGone(holder.split(' ')[0]!)) return true;
  const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
  return age > STALE_MS;
}

/**
 * Removes a stale lock without removing a fresh one another waiter took meanwhile: the lock is
 * renamed away first (atomic), and linked back (never over a newer one) if it is not the lock judged stale.
 */
export async function breakLock(lockPath: string, stale: string): Promise<void> {
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => stale);
  if (moved !== stale) await link(aside, lockPath).catch(() => {});
  await rm(aside, { force: true });
}
