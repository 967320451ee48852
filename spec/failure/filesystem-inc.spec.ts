import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { startWorker, type Worker } from '../helpers/worker.js';

const quiet = { warn: (): void => {}, error: (): void => {} };
const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** The pid of a process that has exited: what a crash leaves behind. */
const deadPid = (): number => spawnSync('true').pid!;
const fileOf = (dir: string, key: string): string => join(dir, `${createHash('sha256').update(key).digest('hex')}.dcc`);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'decocache-fsinc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileSystemCache inc from two processes', () => {
  let a: Worker | undefined;
  let b: Worker | undefined;
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('1,000 concurrent inc per process: every inc that resolved applied, no other did, and the breaker stays shut', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'decocache-fsinc-2p-'));
    try {
      [a, b] = await Promise.all([startWorker({ type: 'FileSystemCache', dir: shared }), startWorker({ type: 'FileSystemCache', dir: shared })]);
      type Outcome = { ok: number; failed: string[] };
      const [fromA, fromB] = await Promise.all([a.send<Outcome>({ op: 'incSettled', key: 'hits', times: 1000 }), b.send<Outcome>({ op: 'incSettled', key: 'hits', times: 1000 })]);
      const [after] = await a.send<number[]>({ op: 'inc', key: 'hits', times: 1 });
      console.log(`[filesystem-inc] 2 x 1000 concurrent inc: ${fromA.ok + fromB.ok} applied, rejected: ${JSON.stringify([...fromA.failed, ...fromB.failed].slice(0, 5))}`);
      expect(after).toBe(fromA.ok + fromB.ok + 1);
      expect([...fromA.failed, ...fromB.failed]).toEqual([]);
      const warnings = [...(await a.send<string[]>({ op: 'warnings' })), ...(await b.send<string[]>({ op: 'warnings' }))];
      expect(warnings.filter((w) => w.includes('circuit open'))).toEqual([]);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('FileSystemCache inc that times out', () => {
  it('an inc rejected with E_TIMEOUT never applies, even once the lock it waited for is free', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir, operationTimeout: 250, circuitBreaker: false, logger: quiet });
    await cache.set('n', 5);
    // Another live process (this one, as far as the lock says) holds the key's lock for 600 ms.
    const lock = `${fileOf(dir, 'n')}.lock`;
    writeFileSync(lock, `${host}-${process.pid} held`);
    const outcomes = Promise.allSettled(Array.from({ length: 50 }, () => cache.inc('n')));
    await new Promise((resolve) => setTimeout(resolve, 600));
    rmSync(lock);
    const settled = await outcomes;
    expect(settled.every((o) => o.status === 'rejected' && (o.reason as { cause?: { code?: string } }).cause?.code === 'E_TIMEOUT')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await cache.get('n')).toBe(5);
    expect(await cache.inc('n')).toBe(6);
  });
});

describe('FileSystemCache after a crash', () => {
  it('a lock left by a process that is gone is broken at once: inc does not wait for it to age', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir, logger: quiet });
    await cache.set('n', 1);
    writeFileSync(`${fileOf(dir, 'n')}.lock`, `${host}-${deadPid()} crashed`);
    const t0 = performance.now();
    expect(await cache.inc('n')).toBe(2);
    expect(await cache.touch('n', 60)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a lock from another host is broken once it is older than 5 s', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir, logger: quiet });
    const lock = `${fileOf(dir, 'n')}.lock`;
    writeFileSync(lock, 'ffffffff-1 elsewhere');
    const old = new Date(Date.now() - 6000);
    utimesSync(lock, old, old);
    expect(await cache.inc('n', 3)).toBe(3);
  });

  it('a file cut short reads as a miss, not as another value, and inc starts it afresh', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir, logger: quiet });
    await cache.set('count', 12345);
    const path = fileOf(dir, 'count');
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, whole.length - 3));
    expect(await cache.get('count')).toBeUndefined();
    expect(await cache.has('count')).toBe(false);
    expect(await cache.inc('count')).toBe(1);
  });

  it('clear() removes temporary files and locks whose writer is gone, and keeps those of live writers', async () => {
    const cache = new Cache({ type: 'FileSystemCache', dir, keyPrefix: 'p_', logger: quiet });
    await cache.set('k', 1);
    const dead = deadPid();
    writeFileSync(join(dir, `.tmp-${host}-${dead}-0011223344556677`), 'half written');
    writeFileSync(join(dir, `.tmp-${host}-${process.pid}-8899aabbccddeeff`), 'being written');
    const ancient = join(dir, '.tmp-0123456789abcdef');
    writeFileSync(ancient, 'from an older version');
    utimesSync(ancient, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    writeFileSync(join(dir, `${'0'.repeat(64)}.dcc.lock`), `${host}-${dead} crashed`);
    await cache.clear();
    expect(readdirSync(dir).sort()).toEqual([`.tmp-${host}-${process.pid}-8899aabbccddeeff`]);
  });
});
