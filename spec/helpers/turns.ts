import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { HOST, sleep } from './servers/process.js';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Waits until no other spec file of this run holds the turn `name`, takes it for at most `holdMs`,
 * and resolves with its release. The turn lives on the run's shared redis (`port`), so it ends
 * with the run, and a file that dies holding it frees it after `holdMs`. For runs that keep a core
 * busy by design: two of them side by side would starve each other and every file beside them.
 */
export async function takeTurn(port: number, name: string, holdMs: number): Promise<() => Promise<void>> {
  const redis = new Redis({ host: HOST, port });
  redis.on('error', () => {});
  const key = `decocache-spec-turn:${name}`;
  const token = `${process.pid}:${randomUUID()}`;
  try {
    while ((await redis.set(key, token, 'PX', holdMs, 'NX')) !== 'OK') await sleep(200);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return async () => {
    try {
      await redis.eval(RELEASE, 1, key, token);
    } finally {
      redis.disconnect();
    }
  };
}
