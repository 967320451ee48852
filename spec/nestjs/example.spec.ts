import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnListening, type SpawnedApp } from '../helpers/spawned-app.js';

describe.each(['express', 'fastify'])('npm run example:nestjs on %s (examples/nestjs)', (platform) => {
  let example: SpawnedApp;
  let url = '';

  beforeAll(async () => {
    const args = ['run', 'example:nestjs', ...(platform === 'fastify' ? ['--', '--fastify'] : [])];
    example = await spawnListening('npm', args, { PORT: '0', CACHE_REDIS_URL: '' }, 90_000);
    url = example.url;
  }, 120_000);

  afterAll(() => example?.stop('SIGKILL'));

  it(`starts on ${platform}`, () => {
    expect(example.output()).toContain(`decocache NestJS example (${platform}) listening on`);
  });

  it('serves / from the cache the second time, marked hit_cache: True', async () => {
    const first = await fetch(`${url}/`);
    const second = await fetch(`${url}/`);
    expect(first.headers.get('hit_cache')).toBeNull();
    expect(second.headers.get('hit_cache')).toBe('True');
    expect(await second.json()).toEqual(await first.json());
  });

  it('keys /search by its query string in any order', async () => {
    const first = await (await fetch(`${url}/search?q=tea&page=1`)).json();
    const second = await fetch(`${url}/search?page=1&q=tea`);
    expect(second.headers.get('hit_cache')).toBe('True');
    expect(await second.json()).toEqual(first);
  });

  it('memoizes the product lookup until POST /products/:id/invalidate', async () => {
    type Page = { product: unknown; computedSoFar: number };
    const product = async () => (await (await fetch(`${url}/products/3`)).json()) as Page;
    const first = await product();
    expect((await product()).computedSoFar).toBe(first.computedSoFar);
    expect(await (await fetch(`${url}/products/3/invalidate`, { method: 'POST' })).json()).toEqual({ product: true, index: true });
    expect((await product()).computedSoFar).toBe(first.computedSoFar + 1);
  });

  it('shuts down on SIGTERM through the shutdown hooks', async () => {
    await example.stop('SIGTERM');
    expect(example.child.exitCode !== null || example.child.signalCode !== null).toBe(true);
  });
});
