import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let child: ChildProcess | undefined;
let url = '';
let output = '';

beforeAll(async () => {
  // detached: npx runs node as a grandchild, so the whole process group is signalled at the end.
  child = spawn('npx', ['vite-node', '--config', 'vitest.config.ts', 'examples/demo.ts'], {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, PORT: '0', CACHE_TYPE: '', CACHE_REDIS_URL: '', CACHE_MEMCACHED_SERVERS: '', MEMCACHIER_SERVERS: '' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
});

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
