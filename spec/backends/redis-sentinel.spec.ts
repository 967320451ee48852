import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisSentinelCache, createRedisBackend } from '../../src/backends/redis/index.js';
import { cli } from '../helpers/servers/process.js';
import { Cache } from '../../src/index.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';

const { name, sentinels } = inject('sentinel');
const P = 'sentinel_spec_';
let backend: RedisSentinelCache;

beforeAll(() => {
  backend = new RedisSentinelCache({ sentinels, master: name });
});
afterAll(async () => {
  await backend.clear(P);
  await backend.close();
});

async function masterPort(): Promise<number> {
  const [, port] = (await cli(sentinels[0]!.port, 'sentinel', 'get-master-addr-by-name', name)).trim().split('\n');
  return Number(port);
}

describe('RedisSentinelCache', () => {
  it('writes reach the master the sentinels name', async () => {
    expect(backend.name).toBe('RedisSentinelCache');
    expect(await backend.set(`${P}a`, 'v', 100)).toBe(true);
    const master = new Redis({ host: '127.0.0.1', port: await masterPort() });
    expect(await master.get(`${P}a`)).toBe('v');
    expect(await master.ttl(`${P}a`)).toBeGreaterThan(95);
    master.disconnect();
  });

  it('getMany, setMany, add, inc and touch work through the sentinel-resolved master', async () => {
    expect(await backend.setMany([[`${P}x`, '1'], [`${P}y`, '2']], 0)).toEqual([`${P}x`, `${P}y`]);
    expect(await backend.getMany([`${P}x`, `${P}nope`, `${P}y`])).toEqual(['1', undefined, '2']);
    const adds = await Promise.all(Array.from({ length: 20 }, () => backend.add(`${P}once`, 'v', 30)));
    expect(adds.filter(Boolean)).toHaveLength(1);
    expect(await backend.inc(`${P}x`, 41)).toBe(42);
    expect(await backend.touch(`${P}x`, 30)).toBe(true);
  });

  it('clear(prefix) removes only this prefix on the master', async () => {
    await backend.setMany([[`${P}c1`, 'v'], [`${P}c2`, 'v'], ['sentinel_other_1', 'v']], 0);
    expect(await backend.clear(P)).toBe(true);
    expect(await backend.getMany([`${P}c1`, `${P}c2`])).toEqual([undefined, undefined]);
    expect(await backend.get('sentinel_other_1')).toBe('v');
    await backend.delete('sentinel_other_1');
  });

  it("createRedisBackend maps redisSentinels as 'h:p' and redisSentinelMaster", async () => {
    const b = createRedisBackend('RedisSentinelCache', {
      redisSentinels: sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      redisSentinelMaster: name,
    });
    try {
      expect(await b.set(`${P}mapped`, 'v', 10)).toBe(true);
      expect(await backend.get(`${P}mapped`)).toBe('v');
    } finally {
      await b.close();
    }
  });

  it('an unknown master name fails instead of hanging', async () => {
    const b = createRedisBackend('RedisSentinelCache', { redisSentinels: sentinels, redisSentinelMaster: 'nosuchmaster' });
    try {
      await expect(b.get(`${P}a`)).rejects.toThrow();
    } finally {
      await b.close();
    }
  });
});

runBackendSuite('RedisSentinelCache', () => new RedisSentinelCache({ sentinels, master: name }), { atomic: true, deletePattern: true, unlink: true }, 'real');

describeBackendConformance('RedisSentinelCache', (keyPrefix) =>
  new Cache({ type: 'RedisSentinelCache', redisSentinels: sentinels, redisSentinelMaster: name, keyPrefix }), {
  realClock: true,
  enumerates: true,
});
