import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CacheConfig } from '../../src/index.js';
import { buildCli, type BuiltCli } from '../helpers/cli.js';
import { startWorker, type Worker } from '../helpers/worker.js';

const app = fileURLToPath(new URL('./memoized-app.ts', import.meta.url));
const { host, port } = inject('redis');
const memcached = inject('memcached');
let cli: BuiltCli;

beforeAll(async () => {
  cli = await buildCli();
});

const backends: [string, (prefix: string) => { config: CacheConfig; env: Record<string, string> }][] = [
  ['Redis', (prefix) => ({ config: { type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: prefix }, env: { CACHE_REDIS_URL: `redis://${host}:${port}`, CACHE_KEY_PREFIX: prefix } })],
  ['memcached', (prefix) => ({ config: { type: 'MemcachedCache', memcachedServers: memcached, keyPrefix: prefix }, env: { CACHE_MEMCACHED_SERVERS: memcached, CACHE_KEY_PREFIX: prefix } })],
];

describe.each(backends)('decocache delete-memoized against an application memoizing on %s', (_name, setup) => {
  const { config, env } = setup(`clidm_${process.pid}_${_name}_`);
  let worker: Worker;
  const cmd = (...args: string[]) => cli.run(['delete-memoized', ...args], env);
  const product = (id: number, locale = 'en') => worker.send<string>({ op: 'product', id, locale });
  const byRegion = (region: string) => worker.send<string>({ op: 'byRegion', region });
  const price = (region: 'eu' | 'us', sku: string) => worker.send<string>({ op: 'price', region, sku });

  beforeAll(async () => {
    worker = await startWorker(config, app);
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it('without arguments: every entry of the function misses in the running application; other functions still hit', async () => {
    const [p1, p2, region] = [await product(1), await product(2), await byRegion('eu')];
    expect(await product(1)).toBe(p1);
    const result = await cmd('product');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^invalidated every entry of product \(new version at product_memver\)\n$/);
    const [again1, again2] = [await product(1), await product(2)];
    expect(again1).not.toBe(p1);
    expect(again2).not.toBe(p2);
    expect(await product(1)).toBe(again1);
    expect(await byRegion('eu')).toBe(region);
  });

  it('with JSON arguments: exactly that entry is deleted, by the same key scheme; a second run is exit 1', async () => {
    const [en1, de1, en2] = [await product(10, 'en'), await product(10, 'de'), await product(11, 'en')];
    const result = await cmd('product', '10', '{"locale": "en"}');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^deleted the entry of product\(10, \{"locale": "en"\}\) \(\S+\)\n$/);
    expect(await product(10, 'en')).not.toBe(en1);
    expect(await product(10, 'de')).toBe(de1);
    expect(await product(11, 'en')).toBe(en2);
    await cmd('product', '10', '{"locale": "en"}');
    const gone = await cmd('product', '10', '{"locale": "en"}', '--json');
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout)).toMatchObject({ fname: 'product', args: [10, { locale: 'en' }], deleted: false });
  });

  it('a static method takes its class name first, bare or as JSON, as deleteMemoized(C.m, C, ...args) does', async () => {
    const [eu, us, asia] = [await byRegion('eu'), await byRegion('us'), await byRegion('asia')];
    expect((await cmd('Catalog.byRegion', 'Catalog', '"eu"')).code).toBe(0);
    expect(await byRegion('eu')).not.toBe(eu);
    expect(await byRegion('us')).toBe(us);
    expect((await cmd('Catalog.byRegion', '"Catalog"', '"us"')).code).toBe(0);
    expect(await byRegion('us')).not.toBe(us);
    expect(await byRegion('asia')).toBe(asia);
  });

  it('an instance method with --identity: one entry with arguments, every entry of that instance without', async () => {
    const [eu1, eu2, us1] = [await price('eu', 'sku-1'), await price('eu', 'sku-2'), await price('us', 'sku-1')];
    expect((await cmd('PriceService.price', '"sku-1"', '--identity', 'PriceService:eu')).code).toBe(0);
    const eu1Again = await price('eu', 'sku-1');
    expect(eu1Again).not.toBe(eu1);
    expect(await price('eu', 'sku-2')).toBe(eu2);
    expect(await price('us', 'sku-1')).toBe(us1);
    const all = await cmd('PriceService.price', '--identity', 'PriceService:eu', '--json');
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ versionKey: 'PriceService.price.PriceService:eu_memver', invalidated: 'all' });
    expect(await price('eu', 'sku-1')).not.toBe(eu1Again);
    expect(await price('eu', 'sku-2')).not.toBe(eu2);
    expect(await price('us', 'sku-1')).toBe(us1);
  });

  it('an argument that is not JSON is exit 2 naming it; an entry never computed is exit 1', async () => {
    const bad = await cmd('product', 'ten');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 1 is not JSON: ten/);
    const never = await cmd('product', '999', '{"locale": "xx"}');
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(/no entry of product\(999, \{"locale": "xx"\}\)/);
  });
});
