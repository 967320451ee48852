import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnListening, type SpawnedApp } from '../helpers/spawned-app.js';

let demo: SpawnedApp | undefined;
let url = '';
let output = '';

beforeAll(async () => {
  const env = { PORT: '0', CACHE_TYPE: '', CACHE_REDIS_URL: '', CACHE_MEMCACHED_SERVERS: '', MEMCACHIER_SERVERS: '' };
  demo = await spawnListening('npx', ['vite-node', '--config', 'vitest.config.ts', 'examples/demo.ts'], env, 45_000);
  url = demo.url;
  output = demo.output();
}, 60_000);

afterAll(() => demo?.stop());

describe('npm run demo (examples/demo.ts)', () => {
  it('prints the backend and a walkthrough with a memoized hit and an invalidation', () => {
    expect(output).toMatch(/cache backend SimpleCache/);
    expect(output).toMatch(/hit, from cache/);
    expect(output).toMatch(/deleteMemoized\(UserService\.prototype\.getUser, users, \d+\) -> true/);
  });

  it('serves / a second time from the cache, marked hit_cache: True', async () => {
    const first = await fetch(`${url}/`);
    const second = await fetch(`${url}/`);
    expect(first.headers.get('hit_cache')).toBeNull();
    expect(second.headers.get('hit_cache')).toBe('True');
    expect(await second.text()).toBe(await first.text());
  });

  it('serves / as an HTML page that links every route of the demo', async () => {
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const links = [...(await page.text()).matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links).toEqual(expect.arrayContaining(['/search?q=tea&page=1', '/users/1', '/users/1/invalidate', '/page', '/counter', '/invalidate-home']));
    for (const link of links) expect((await fetch(`${url}${link}`)).status, link).toBe(200);
  });

  it('keys /search by its query string in any order', async () => {
    const first = await (await fetch(`${url}/search?q=tea&page=1`)).json();
    const second = await fetch(`${url}/search?page=1&q=tea`);
    expect(second.headers.get('hit_cache')).toBe('True');
    expect(await second.json()).toEqual(first);
  });

  it('memoizes /users/:id until /users/:id/invalidate', async () => {
    type UserPage = { user: unknown; computedSoFar: number };
    const user = async () => (await (await fetch(`${url}/users/7`)).json()) as UserPage;
    const first = await user();
    const second = await user();
    expect(second.user).toEqual(first.user);
    expect(second.computedSoFar).toBe(first.computedSoFar);
    expect(await (await fetch(`${url}/users/7/invalidate`, { method: 'POST' })).json()).toEqual({ deleted: true });
    const third = await user();
    expect(third.computedSoFar).toBe(first.computedSoFar + 1);
  });

  it('renders /page with cached fragments and counts /counter per session', async () => {
    const sidebar = (html: string) => /Sidebar built at (\S+)/.exec(html)?.[1];
    const first = await (await fetch(`${url}/page`)).text();
    const second = await (await fetch(`${url}/page`)).text();
    expect(sidebar(second)).toBe(sidebar(first));
    const one = await fetch(`${url}/counter`);
    const cookie = one.headers.get('set-cookie')!.split(';')[0]!;
    expect(await one.text()).toMatch(/1 time/);
    expect(await (await fetch(`${url}/counter`, { headers: { cookie } })).text()).toMatch(/2 time/);
  });
});
