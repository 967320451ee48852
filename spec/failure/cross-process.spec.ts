import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CacheConfig } from '../../src/index.js';
import { startWorker, type Worker } from '../helpers/worker.js';

const dir = mkdtempSync(join(tmpdir(), 'decocache-xproc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function describeTwoProcesses(label: string, config: () => CacheConfig): void {
  describe(`two processes on ${label}`, () => {
    let a: Worker;
    let b: Worker;
    beforeAll(async () => {
      [a, b] = await Promise.all([startWorker(config()), startWorker(config())]);
    }, 60_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    it('share memoized entries of a class with [cacheIdentity]', async () => {
      const first = await a.send<string>({ op: 'price', sku: 'tea' });
      expect(first).toBe(`tea@eu computed by ${a.pid}`);
      expect(await b.send({ op: 'price', sku: 'tea' })).toBe(first);
    });

    it('see a deleteMemoized made by the other at once', async () => {
      await a.send({ op: 'price', sku: 'milk' });
      expect(await b.send({ op: 'price', sku: 'milk' })).toContain(`computed by ${a.pid}`);
      await a.send({ op: 'delete' });
      expect(await b.send({ op: 'price', sku: 'milk' })).toContain(`computed by ${b.pid}`);
      await b.send({ op: 'deleteOne', sku: 'milk' });
      expect(await a.send({ op: 'price', sku: 'milk' })).toContain(`computed by ${a.pid}`);
    });

    it('concurrent inc from both ends exactly at the total; concurrent add has one winner', async () => {
      const key = `counter_${Date.now()}`;
      await Promise.all([a.send({ op: 'inc', key, times: 150 }), b.send({ op: 'inc', key, times: 150 })]);
      const [last] = await a.send<number[]>({ op: 'inc', key, times: 1 });
      expect(last).toBe(301);
      const addKey = `once_${Date.now()}`;
      const won = await Promise.all([a.send<boolean>({ op: 'add', key: addKey }), b.send<boolean>({ op: 'add', key: addKey })]);
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}

describeTwoProcesses('FileSystemCache', () => ({ type: 'FileSystemCache', dir }));
describeTwoProcesses('RedisCache', () => {
  const { host, port } = inject('redis');
  return { type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: `xproc_${process.pid}_` };
});
