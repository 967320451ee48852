import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { BackendError } from '../../src/errors.js';
import { MemcachedCache } from '../../src/backends/memcached/index.js';
import { startMemcached } from '../helpers/servers/memcached.js';
import { HOST, hang, removeDir, stop, tempDir, type Server } from '../helpers/servers/process.js';

const OP_TIMEOUT = 300;
let dir: string;
let server: Server;
let backend: MemcachedCache;

/** Resolves how long a call took to settle, and the error it rejected with, if any. */
async function timed(call: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const t0 = Date.now();
  try {
    await call;
    return { ms: Date.now() - t0, error: undefined };
  } catch (error) {
    return { ms: Date.now() - t0, error };
  }
}

async function restart(): Promise<void> {
  server = await startMemcached(dir, server.port);
}

beforeAll(async () => {
  dir = tempDir('decocache-mc-failure-');
  server = await startMemcached(dir);
  backend = new MemcachedCache({ servers: `${HOST}:${server.port}`, operationTimeout: OP_TIMEOUT, keyPrefix: 'f_' });
});

afterAll(async () => {
  await backend.close();
  await stop(server, 'SIGKILL');
  removeDir(dir);
});

describe('MemcachedCache when its server dies', () => {
  it('every call rejects with BackendError within operationTimeout after SIGKILL, and works again after a restart', async () => {
    expect(await backend.set('f_k', 'v', 0)).toBe(true);
    await stop(server, 'SIGKILL');
    const calls = [
      backend.get('f_k'),
      backend.getMany(['f_a', 'f_b']),
      backend.set('f_k', 'v', 0),
      backend.add('f_new', 'v', 0),
      backend.inc('f_n', 1),
      backend.inc('f_n', -1),
      backend.delete('f_k'),
      backend.has('f_k'),
      backend.touch('f_k', 10),
      backend.clear('f_'),
    ];
    for (const { ms, error } of await Promise.all(calls.map(timed))) {
      expect(error).toBeInstanceOf(BackendError);
      expect(ms).toBeLessThan(OP_TIMEOUT + 200);
    }
    await restart();
    expect(await backend.set('f_k', 'again', 0)).toBe(true);
    expect(await backend.get('f_k')).toBe('again');
    expect(await backend.getMany(['f_k', 'f_none'])).toEqual(['again', undefined]);
  });

  it('a hung server (SIGSTOP) makes calls reject at operationTimeout instead of waiting', async () => {
    await hang(server);
    try {
      const results = await Promise.all([backend.get('f_k'), backend.getMany(['f_k', 'f_x']), backend.inc('f_n', 1)].map(timed));
      for (const { ms, error } of results) {
        expect(error).toBeInstanceOf(BackendError);
        expect(ms).toBeGreaterThanOrEqual(OP_TIMEOUT * 0.7);
        expect(ms).toBeLessThan(OP_TIMEOUT + 300);
      }
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    let ok = false;
    for (let i = 0; i < 20 && !ok; i++) ok = (await timed(backend.set('f_k', 'back', 0))).error === undefined;
    expect(await backend.get('f_k')).toBe('back');
  });

  it('a call in flight when the server dies settles within the deadline and leaves no pending promise', async () => {
    await hang(server);
    const inFlight = timed(backend.get('f_k'));
    await stop(server, 'SIGKILL');
    const { ms, error } = await inFlight;
    // memjs may answer a request cut off by the dying socket as a miss; never with a value, never hanging.
    if (error !== undefined) expect(error).toBeInstanceOf(BackendError);
    // Bounded by the deadline, with room for a loaded 2-core CI machine.
    expect(ms).toBeLessThan(OP_TIMEOUT + 1000);
    await restart();
    expect(await backend.set('f_k', 'v', 0)).toBe(true);
  });
});

describe('Cache and @memoize over a dying memcached', () => {
  it('a memoized method runs uncached while the server is down and caches again after a restart', async () => {
    const cache = new Cache({ type: 'MemcachedCache', memcachedServers: `${HOST}:${server.port}`, keyPrefix: 'fm_', operationTimeout: OP_TIMEOUT, circuitBreaker: false, logger: { warn() {}, error() {} } });
    const errors: unknown[] = [];
    cache.events.on('error', (e) => errors.push(e));
    let calls = 0;
    const square = cache.memoize({ timeout: 60 })(async function square(n: number) {
      calls++;
      return n * n;
    });
    // The previous case restarted the server; start once this client is connected again.
    await until(async () => (await cache.set('probe', 1).catch(() => false)) === true);
    expect(await square(3)).toBe(9);
    expect(await square(3)).toBe(9);
    expect(calls).toBe(1);

    await stop(server, 'SIGKILL');
    const t0 = Date.now();
    expect(await square(4)).toBe(16);
    expect(Date.now() - t0).toBeLessThan(3 * OP_TIMEOUT + 1500);
    expect(calls).toBe(2);
    expect(errors.length).toBeGreaterThan(0);
    await expect(cache.get('anything')).rejects.toBeInstanceOf(BackendError);

    await restart();
    await until(async () => (await cache.set('probe', 1).catch(() => false)) === true);
    expect(await square(5)).toBe(25);
    expect(await square(5)).toBe(25);
    expect(calls).toBe(3);
    await cache.close();
  });
});

async function until(ready: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error('the restarted server never answered');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
