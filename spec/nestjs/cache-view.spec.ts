import { Controller, Get, HttpException, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { CacheView, CacheViewInterceptor, DecocacheModule, deleteCachedView } from '../../src/integrations/nestjs/index.js';
import { PLATFORMS, startApp, type RunningApp } from './apps.js';

let renders = 0;

/** What `res` offers on both platforms: Express's response and Fastify's reply. */
interface AnyResponse {
  status(code: number): AnyResponse;
  header(name: string, value: string): AnyResponse;
  send(body: unknown): unknown;
}

@Controller()
@UseInterceptors(CacheViewInterceptor)
class PagesController {
  @Get('page')
  @CacheView({ timeout: 60 })
  page() {
    return { renders: ++renders };
  }

  @Post('page')
  @CacheView({ timeout: 60 })
  postPage() {
    return { renders: ++renders };
  }

  @Get('search')
  @CacheView({ queryString: true })
  search(@Query('q') q: string) {
    return { q, renders: ++renders };
  }

  @Get('styled')
  @CacheView({ responseHitIndication: true })
  styled(@Res({ passthrough: true }) res: AnyResponse) {
    res.status(203).header('content-language', 'fr').header('x-render', String(++renders)).header('set-cookie', `visit=${renders}`);
    return `<p>bonjour ${renders}</p>`;
  }

  @Get('bytes')
  @CacheView()
  bytes(@Res() res: AnyResponse) {
    renders++;
    res.status(200).header('content-type', 'application/octet-stream').send(Buffer.from([0, 1, 2, 254, 255, renders % 256]));
  }

  @Get('failing')
  @CacheView()
  failing() {
    renders++;
    throw new HttpException('upstream down', 503);
  }

  @Get('plain')
  plain() {
    return { renders: ++renders };
  }
}

@Controller('all')
@UseInterceptors(CacheViewInterceptor)
@CacheView({ timeout: 30 })
class WholeController {
  @Get('one')
  one() {
    return { renders: ++renders };
  }

  @Get('two')
  two() {
    return { renders: ++renders };
  }
}

describe.each(PLATFORMS)('@CacheView with CacheViewInterceptor on platform-%s', (platform) => {
  let running: RunningApp;
  let cache: Cache;
  const get = (path: string, init?: RequestInit) => fetch(`${running.url}${path}`, init);

  beforeAll(async () => {
    running = await startApp(platform, { imports: [DecocacheModule.forRoot({ type: 'SimpleCache' })], controllers: [PagesController, WholeController] });
    cache = running.app.get(Cache);
  });
  afterAll(() => running?.close());
  beforeEach(async () => {
    await cache.clear();
  });

  it('renders a GET once, then serves the same status, body and content type from the cache under view/<path>', async () => {
    const first = await get('/page');
    const body = await first.text();
    const second = await get('/page');
    expect(second.status).toBe(first.status);
    expect(await second.text()).toBe(body);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await cache.has('view//page')).toBe(true);
    expect((await (await get('/page?other=1')).json()) as unknown).toEqual(JSON.parse(body));
  });

  it('keys on the sorted query arguments with queryString: any order is one entry, other values another', async () => {
    const first = await (await get('/search?q=tea&page=1')).json();
    expect(await (await get('/search?page=1&q=tea')).json()).toEqual(first);
    const other = (await (await get('/search?q=coffee&page=1')).json()) as { q: string; renders: number };
    expect(other.q).toBe('coffee');
    expect(other.renders).toBe(renders);
  });

  it('replays a status and headers the handler set, never Set-Cookie, and marks hits with hit_cache: True', async () => {
    const first = await get('/styled');
    expect(first.status).toBe(203);
    expect(first.headers.get('hit_cache')).toBeNull();
    const text = await first.text();
    const second = await get('/styled');
    expect(second.status).toBe(203);
    expect(await second.text()).toBe(text);
    expect(second.headers.get('content-language')).toBe('fr');
    expect(second.headers.get('x-render')).toBe(first.headers.get('x-render'));
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('hit_cache')).toBe('True');
    expect(first.headers.get('set-cookie')).toMatch(/^visit=/);
    expect(second.headers.get('set-cookie')).toBeNull();
  });

  it('serves HEAD from the cache but never fills it from a HEAD', async () => {
    const before = renders;
    const head = await get('/page', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await cache.has('view//page')).toBe(false);
    await get('/page');
    const rendered = renders;
    expect(rendered).toBeGreaterThan(before);
    const cachedHead = await get('/page', { method: 'HEAD' });
    expect(cachedHead.status).toBe(200);
    expect(cachedHead.headers.get('content-type')).toMatch(/json/);
    expect(renders).toBe(rendered);
  });

  it('never caches POST, routes without @CacheView, or statuses of 400 and above', async () => {
    const post = async () => ((await (await get('/page', { method: 'POST' })).json()) as { renders: number }).renders;
    expect(await post()).toBeLessThan(await post());
    const plain = async () => ((await (await get('/plain')).json()) as { renders: number }).renders;
    expect(await plain()).toBeLessThan(await plain());
    const before = renders;
    expect((await get('/failing')).status).toBe(503);
    expect((await get('/failing')).status).toBe(503);
    expect(renders).toBe(before + 2);
  });

  it('caches and replays a route that sends its own binary response through @Res()', async () => {
    const first = Buffer.from(await (await get('/bytes')).arrayBuffer());
    const rendered = renders;
    const second = await get('/bytes');
    expect(second.status).toBe(200);
    expect(second.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await second.arrayBuffer())).toEqual(first);
    expect(renders).toBe(rendered);
  });

  it('@CacheView on a controller caches each of its GET routes under its own path', async () => {
    const one = await (await get('/all/one')).json();
    const two = await (await get('/all/two')).json();
    expect(two).not.toEqual(one);
    expect(await (await get('/all/one')).json()).toEqual(one);
    expect(await (await get('/all/two')).json()).toEqual(two);
  });

  it('deleteCachedView(cache, { path }) drops the entry, so the next GET renders again', async () => {
    const first = await (await get('/page')).json();
    expect(await deleteCachedView(cache, { path: '/page' })).toBe(true);
    expect(await (await get('/page')).json()).not.toEqual(first);
  });
});
