import { Redis } from 'ioredis';
import memjs from 'memjs';
import { startMemcached } from '../../spec/helpers/servers/memcached.js';
import { HOST, removeDir, stop, tempDir, type Server } from '../../spec/helpers/servers/process.js';
import { startRedis } from '../../spec/helpers/servers/redis.js';

/** Private servers and raw clients for one benchmark run; `close()` stops what it started. */
export interface Servers {
  redisPort: number;
  memcachedPort: number;
  /** The raw ioredis client (the floor), also handed to decocache and the peers. */
  redis: Redis;
  /** The raw memjs client (the floor). */
  memjs: memjs.Client;
  /** A fresh ioredis client (peers that take over their connection get their own). */
  newRedis(): Redis;
  close(): Promise<void>;
}

/**
 * Starts a private redis-server and memcached on free loopback ports with the spec launchers, so
 * a benchmark never touches a developer's servers; both die with this process (setpriv pdeathsig)
 * even when the run is interrupted.
 */
export async function startServers(): Promise<Servers> {
  const dir = tempDir('decocache-bench-');
  const started: Server[] = [];
  const clients: { quit(): unknown; disconnect?(): void }[] = [];
  try {
    const redisServer = await startRedis(dir);
    started.push(redisServer);
    const mcServer = await startMemcached(dir);
    started.push(mcServer);
    const newRedis = (): Redis => {
      const c = new Redis({ host: HOST, port: redisServer.port, lazyConnect: false, maxRetriesPerRequest: 1 });
      clients.push(c);
      return c;
    };
    const redis = newRedis();
    await redis.ping();
    const mc = memjs.Client.create(`${HOST}:${mcServer.port}`, { retries: 1, timeout: 1, keepAlive: true, logger: { log() {} } });
    await mc.set('bench_ping', 'pong', {});
    return {
      redisPort: redisServer.port,
      memcachedPort: mcServer.port,
      redis,
      memjs: mc,
      newRedis,
      async close() {
        mc.close();
        await Promise.all(clients.map(async (c) => {
          try {
            await c.quit();
          } catch {
            c.disconnect?.();
          }
        }));
        await Promise.all(started.map((s) => stop(s)));
        removeDir(dir);
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => stop(s)));
    removeDir(dir);
    throw error;
  }
}
