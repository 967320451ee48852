import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { RedisCache } from '../../src/backends/redis/index.js';
import { HOST, cli, freePort, removeDir, sleep, stop, tempDir } from '../helpers/servers/process.js';
import { startRedis } from '../helpers/servers/redis.js';

// Captured before any test fakes timers, so the specs can bound their waits in real time.
const realSetTimeout = globalThis.setTimeout;
const realDelay = (ms: number): Promise<'hung'> => new Promise((resolve) => realSetTimeout(() => resolve('hung'), ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('RedisCache close() under fake timers', () => {
  it('close() resolves at once while the client is reconnecting to a dead server, and it never connects again', async () => {
    const port = await freePort();
    const backend = new RedisCache({ host: HOST, port });
    await expect.poll(() => backend.client.status, { timeout: 5000, interval: 10 }).toBe('reconnecting');
    vi.useFakeTimers();
    const outcome = await Promise.race([backend.close().then(() => 'closed' as const), realDelay(3000)]);
    expect(outcome).toBe('closed');
    vi.useRealTimers();
    // ioredis leaves the status at "reconnecting" here, so the proof is a server appearing on that port.
    const dir = tempDir('decocache-close-');
    const server = await startRedis(dir, port);
    try {
      await sleep(1200);
      expect(backend.client.status).not.toMatch(/^(connecting|connect|ready)$/);
      expect(Number((await cli(port, 'info', 'clients')).match(/connected_clients:(\d+)/)?.[1])).toBe(1);
    } finally {
      await stop(server, 'SIGKILL');
      removeDir(dir);
    }
  });

  it('close() of a ready client sends QUIT and resolves without any timer running', async () => {
    const { host, port } = inject('redis');
    const backend = new RedisCache({ host, port });
    expect(await backend.set('redis_close_spec_k', 'v', 10)).toBe(true);
    vi.useFakeTimers();
    const outcome = await Promise.race([backend.close().then(() => 'closed' as const), realDelay(3000)]);
    expect(outcome).toBe('closed');
    vi.useRealTimers();
    await expect.poll(() => backend.client.status, { timeout: 2000, interval: 10 }).toBe('end');
  });

  it('a closed client stays closed: nothing connects it again', async () => {
    const { host, port } = inject('redis');
    const backend = new RedisCache({ host, port });
    await backend.get('redis_close_spec_k');
    await backend.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(backend.client.status).toBe('end');
  });
});
