import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BackendError, ValueTooLargeError } from '../../src/errors.js';
import { Cache } from '../../src/index.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';
import { MemcachedCache, SASLMemcachedCache, SpreadSASLMemcachedCache, createMemcachedBackend, wireKey } from '../../src/backends/memcached/index.js';

const sasl = inject('memcachedSasl');
const opened: MemcachedCache[] = [];

function track<T extends MemcachedCache>(b: T): T {
  opened.push(b);
  return b;
}

const credentials = { servers: sasl.servers, username: sasl.username, password: sasl.password };
const saslBackend = (keyPrefix: string) => track(new SASLMemcachedCache({ ...credentials, keyPrefix }));
const spread = (keyPrefix: string) => track(new SpreadSASLMemcachedCache({ ...credentials, keyPrefix }));

/** A value of `bytes` random ASCII bytes, so every chunk differs. */
const bigValue = (bytes: number): string => randomBytes(Math.ceil(bytes / 2)).toString('hex').slice(0, bytes);

afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()));
});

const saslConfig = { memcachedServers: sasl.servers, memcachedUsername: sasl.username, memcachedPassword: sasl.password };

runBackendSuite('SASLMemcachedCache', (keyPrefix) => new SASLMemcachedCache({ ...credentials, keyPrefix }), { atomic: true, touchSetsExpiry: true, negativeIncDropsExpiry: true }, 'real');
runBackendSuite('SpreadSASLMemcachedCache', (keyPrefix) => new SpreadSASLMemcachedCache({ ...credentials, keyPrefix }), { atomic: true, touchSetsExpiry: true, negativeIncDropsExpiry: true }, 'real');

describeBackendConformance('SASLMemcachedCache', (keyPrefix) => new Cache({ type: 'SASLMemcachedCache', ...saslConfig, keyPrefix }), {
  realClock: true,
  enumerates: false,
});

describeBackendConformance('SpreadSASLMemcachedCache', (keyPrefix) => new Cache({ type: 'SpreadSASLMemcachedCache', ...saslConfig, keyPrefix }), {
  realClock: true,
  enumerates: false,
});

describe('SASLMemcachedCache', () => {
  it('authenticates with the right credentials and round-trips values', async () => {
    const b = saslBackend('s_');
    expect(b.name).toBe('SASLMemcachedCache');
    expect(await b.set('s_k', 'v', 0)).toBe(true);
    expect(await b.get('s_k')).toBe('v');
    expect(await b.inc('s_n', 3)).toBe(3);
  });

  it('a wrong password rejects the first call with a clear Error within 2 s, not a hang or a string', async () => {
    const b = track(new SASLMemcachedCache({ servers: sasl.servers, username: sasl.username, password: 'wrong' }));
    const t0 = Date.now();
    const error = await b.get('decocache_k').catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).cause).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/authentication failed/);
  });

  it('a plain MemcachedCache against a SASL server rejects instead of hanging', async () => {
    const b = track(new MemcachedCache({ servers: sasl.servers }));
    await expect(b.set('decocache_k', 'v', 0)).rejects.toBeInstanceOf(BackendError);
  });

  it('createMemcachedBackend reads memcachedUsername and memcachedPassword', async () => {
    const b = createMemcachedBackend('SASLMemcachedCache', {
      memcachedServers: sasl.servers,
      memcachedUsername: sasl.username,
      memcachedPassword: sasl.password,
      keyPrefix: 'cfgs_',
    });
    expect(await b.set('cfgs_k', 'v', 0)).toBe(true);
    expect(await b.get('cfgs_k')).toBe('v');
    await b.close();
  });

  it('a 2 MB value rejects with ValueTooLargeError', async () => {
    await expect(saslBackend('s2_').set('s2_big', bigValue(2 * 1024 * 1024), 0)).rejects.toBeInstanceOf(ValueTooLargeError);
  });
});

describe('SpreadSASLMemcachedCache', () => {
  it('a 3 MB value round-trips across chunk keys key.0 … key.N', async () => {
    const b = spread('sp_');
    const value = bigValue(3 * 1024 * 1024);
    expect(await b.set('sp_big', value, 0)).toBe(true);
    expect(await b.get('sp_big')).toBe(value);
    expect(await b.getMany(['sp_big', 'sp_none'])).toEqual([value, undefined]);
  });

  it('multi-byte text split across chunk boundaries comes back intact', async () => {
    const b = spread('spu_');
    const value = 'é€😀'.repeat(300_000);
    await b.set('spu_k', value, 0);
    expect(await b.get('spu_k')).toBe(value);
  });

  it('small values stay plain, so inc and add remain atomic', async () => {
    const b = spread('sps_');
    expect(await b.set('sps_k', 'small', 0)).toBe(true);
    expect(await b.get('sps_k')).toBe('small');
    expect(await b.inc('sps_n', 2)).toBe(2);
    expect(await b.add('sps_n', '5', 0)).toBe(false);
  });

  it('delete removes the value and every chunk', async () => {
    const b = spread('spd_');
    const value = bigValue(2_500_000);
    await b.set('spd_k', value, 0);
    expect(await b.delete('spd_k')).toBe(true);
    expect(await b.get('spd_k')).toBeUndefined();
    expect(await b.has('spd_k')).toBe(false);
  });

  it('add of a large value stores only when absent', async () => {
    const b = spread('spa_');
    const value = bigValue(1_500_000);
    expect(await b.add('spa_k', value, 0)).toBe(true);
    expect(await b.add('spa_k', bigValue(1_500_000), 0)).toBe(false);
    expect(await b.get('spa_k')).toBe(value);
  });

  it('readers racing a large overwrite see the old value, the new one or a miss, never a mix', async () => {
    // 44 MB queue up on one connection: how long that takes is the machine's load, not the
    // property here, so the deadline is generous (the 1 s default ran out with files side by side).
    const b = track(new SpreadSASLMemcachedCache({ ...credentials, keyPrefix: 'spr_', operationTimeout: 15_000 }));
    const [v1, v2] = [bigValue(2_200_000), bigValue(2_200_000)];
    await b.set('spr_k', v1, 0);
    const reads = Array.from({ length: 20 }, () => b.get('spr_k'));
    await b.set('spr_k', v2, 0);
    for (const r of await Promise.all(reads)) expect([v1, v2, undefined]).toContain(r);
    expect(await b.get('spr_k')).toBe(v2);
  });

  it('a 40 MB value rejects with ValueTooLargeError (over 32 chunks)', async () => {
    const error = await spread('spx_').set('spx_k', 'x'.repeat(40 * 1024 * 1024), 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValueTooLargeError);
    expect(error).toMatchObject({ limit: 32 * 1_000_000 });
  });

  it('chunk keys of an overlong key are hashed like the key itself', () => {
    const long = 'x'.repeat(300);
    expect(wireKey(`${long}.31`)).not.toBe(wireKey(long));
    expect(Buffer.byteLength(wireKey(`${long}.31`))).toBeLessThanOrEqual(250);
  });
});
