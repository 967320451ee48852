import { inject } from 'vitest';
import { Cache } from '../../src/index.js';
import { describeBackendConformance } from '../helpers/conformance.js';
import { removeDir, tempDir } from '../helpers/servers/process.js';
import { afterAll } from 'vitest';

// A local tier changes where values are read from, never what a Cache answers: the whole
// conformance suite runs through it.
const { host, port } = inject('redis');
const dir = tempDir('decocache-fleet-fs-');
afterAll(() => removeDir(dir));
const quiet = { warn: () => {}, error: () => {} };

/** The cache once its backend is built and its connections are up, so no case pays for connecting under its operationTimeout. */
async function connected(cache: Cache): Promise<Cache> {
  await cache.backend();
  for (let attempt = 0; attempt < 3; attempt++) if (await cache.has('__connected').then(() => true, () => false)) break;
  return cache;
}

describeBackendConformance('RedisCache with a local tier and bus', (keyPrefix) =>
  connected(new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix, local: { maxEntries: 500 }, logger: quiet })), {
  realClock: true,
  enumerates: true,
});

describeBackendConformance('FileSystemCache with a local tier and a Redis bus', (keyPrefix) =>
  connected(new Cache({ type: 'FileSystemCache', dir, keyPrefix, local: { maxEntries: 500, ttl: 30 }, bus: { redisUrl: `redis://${host}:${port}` }, logger: quiet })), {
  realClock: false,
  enumerates: true,
});

describeBackendConformance('FileSystemCache with a local tier and no bus', (keyPrefix) =>
  new Cache({ type: 'FileSystemCache', dir, keyPrefix, local: { maxEntries: 500, ttl: 30 }, bus: false, logger: quiet }), {
  realClock: false,
  enumerates: true,
});
