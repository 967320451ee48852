import type { Cluster, Redis } from 'ioredis';

// Compare-and-delete in one step: no other client's command can run between the GET and the DEL.
const DELETE_IF_EQUALS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** SET NX PX: stores `value` only when `key` is absent, expiring after `ttlMs` milliseconds. */
export async function addMs(client: Redis | Cluster, key: string, value: string, ttlMs: number): Promise<boolean> {
  return (await client.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
}

/** Deletes `key` only while it holds `value`, atomically (a Lua script); resolves whether it deleted. */
export async function deleteIfEquals(client: Redis | Cluster, key: string, value: string): Promise<boolean> {
  return Number(await client.eval(DELETE_IF_EQUALS, 1, key, value)) === 1;
}
