import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BackendReplyError, Cache, type CacheErrorEvent } from '../../src/index.js';

const P = `replies_${process.pid}_`;
const quiet = { warn: (): void => {}, error: (): void => {} };
let raw: Redis;

beforeAll(async () => {
  const { host, port } = inject('redis');
  raw = new Redis({ host, port });
  await raw.rpush(`${P}list`, 'a', 'b');
});
afterAll(async () => {
  await raw.del(`${P}list`);
  raw.disconnect();
});

function freshCache(): Cache {
  const { host, port } = inject('redis');
  return new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: P, circuitBreaker: { failures: 3, cooldownMs: 60_000 }, logger: quiet });
}

describe('RedisCache: the server refusing a command is the caller\'s problem, not an outage', () => {
  it('get() of a key holding a list rejects with E_REPLY (the ReplyError as cause), ten times, and the breaker stays shut', async () => {
    const cache = freshCache();
    try {
      for (let i = 0; i < 10; i++) {
        const error = await cache.get('list').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BackendReplyError);
        expect(error).toMatchObject({ code: 'E_REPLY', cause: { name: 'ReplyError' } });
        expect((error as Error).message).toMatch(/WRONGTYPE/);
      }
      await expect(cache.inc('list')).rejects.toMatchObject({ code: 'E_REPLY' });
      await expect(cache.touch('list', 5)).resolves.toBe(true);
      expect(await cache.set('fine', 1)).toBe(true);
      expect(await cache.get('fine')).toBe(1);
    } finally {
      await cache.close();
    }
  });

  it('memoized calls keep hitting while another key of the same cache answers WRONGTYPE', async () => {
    const cache = freshCache();
    const errors: CacheErrorEvent[] = [];
    cache.events.on('error', (e) => errors.push(e));
    let runs = 0;
    const twice = cache.memoize({ timeout: 60 })(async function twiceForReplies(n: number) {
      runs++;
      return n * 2;
    });
    try {
      expect(await twice(1)).toBe(2);
      for (let i = 0; i < 5; i++) await cache.get('list').catch(() => undefined);
      expect(await twice(1)).toBe(2);
      expect(runs).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await cache.close();
    }
  });
});
