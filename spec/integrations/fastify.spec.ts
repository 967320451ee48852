import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache, Cached } from '../../src/index.js';
import { decocacheFastify, deleteCachedView, type FastifyCacheRouteOptions } from '../../src/integrations/fastify.js';
import { recordingLogger, sleep } from '../helpers/http.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(cache: Cache, route: FastifyCacheRouteOptions | boolean, handler?: (req: FastifyRequest, reply: FastifyReply, n: number) => unknown) {
  app = Fastify({ maxParamLength: 1000 });
  await app.register(decocacheFastify, { cache, timeout: 60 });
  const state = { calls: 0 };
  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    state.calls++;
    return handler ? handler(req, reply, state.calls) : `call ${state.calls}`;
  };
  app.route({ method: ['GET', 'POST'], url: '/*', config: { cache: route }, handler: handle });
  app.get('/plain', handle);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(url + path, init);
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  return { state, get };
}

describe('decocacheFastify plugin', () => {
  it('config.cache: true serves the second GET from the cache under view/<path>', async () => {
    const cache = new Cache();
    const { state, get } = await start(cache, true);
    expect((await get('/hello')).body).toBe('call 1');
    expect((await get('/hello')).body).toBe('call 1');
    expect(state.calls).toBe(1);
    expect(await cache.has('view//hello')).toBe(true);
    await get('/plain');
    await get('/plain');
    expect(state.calls).toBe(3);
  });

  it('queryString keys by the sorted pairs exactly as @Cached and Flask do', async () => {
    const cache = new Cache();
    const { state, get } = await start(cache, { queryString: true });
    await get('/works?b=2&a=1&a=0');
    expect((await get('/works?a=0&b=2&a=1')).body).toBe('call 1');
    expect(await cache.has('view//works7ae787dc38754b57763f4fbf68f991dd43e8f01c346ec39b529026e9dfa349e2')).toBe(true);
    // Node's default 16 kB header limit applies to Fastify's own server: 10 kB of query string fits.
    const long = `/works?q=${'y'.repeat(10_000)}`;
    expect((await get(long)).status).toBe(200);
    expect((await get(long)).body).toBe('call 2');
    expect(state.calls).toBe(2);
    expect(await deleteCachedView(cache, { path: '/works', queryArgs: 'a=1&a=0&b=2' })).toBe(true);
  });

  it('responseHitIndication sends hit_cache: True on hits only', async () => {
    const { get } = await start(new Cache(), { responseHitIndication: true });
    expect((await get('/')).headers.get('hit_cache')).toBeNull();
    expect((await get('/')).headers.get('hit_cache')).toBe('True');
  });

  it('never serves POST from the cache, and stores only statuses below 400 by default', async () => {
    const { state, get } = await start(new Cache(), true, (_req, reply, n) => reply.code(n === 1 ? 503 : 200).send(`call ${n}`));
    expect((await get('/')).status).toBe(503);
    expect((await get('/')).body).toBe('call 2');
    expect((await get('/', { method: 'POST' })).body).toBe('call 3');
    expect((await get('/')).body).toBe('call 2');
    expect(state.calls).toBe(3);
  });

  it('replays JSON with its content type, and reply.cacheTimeout overrides the route timeout', async () => {
    const { state, get } = await start(new Cache(), { timeout: 1 }, (req, reply, n) => {
      if (req.url === '/long') reply.cacheTimeout = 5;
      return { n };
    });
    await get('/short');
    await get('/long');
    const hit = await get('/long');
    expect(JSON.parse(hit.body)).toEqual({ n: 2 });
    expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    await sleep(1150);
    expect(JSON.parse((await get('/short')).body)).toEqual({ n: 3 });
    expect(JSON.parse((await get('/long')).body)).toEqual({ n: 2 });
    expect(state.calls).toBe(3);
  });

  it('unless and forcedUpdate get the Fastify request', async () => {
    const { get } = await start(new Cache(), { unless: (req) => req.headers['x-nocache'] === '1', forcedUpdate: (req) => req.headers['x-force'] === '1' });
    await get('/');
    expect((await get('/', { headers: { 'x-nocache': '1' } })).body).toBe('call 2');
    expect((await get('/')).body).toBe('call 1');
    expect((await get('/', { headers: { 'x-force': '1' } })).body).toBe('call 3');
    expect((await get('/')).body).toBe('call 3');
  });

  it('passes a stream body through uncached and logs why', async () => {
    const logger = recordingLogger();
    const { state, get } = await start(new Cache({ logger }), true, (_req, reply, n) => reply.type('text/plain').send(Readable.from([`chunk ${n}`])));
    expect((await get('/stream')).body).toBe('chunk 1');
    expect((await get('/stream')).body).toBe('chunk 2');
    expect(state.calls).toBe(2);
    expect(logger.lines.join('\n')).toMatch(/did not cache \/stream: the body is a stream/);
  });

  it('binds the request so a @Cached service method keys by the path', async () => {
    const cache = new Cache();
    let computed = 0;
    class Pages {
      @Cached({ cache, responseHitIndication: true })
      async render() {
        return `page ${++computed}`;
      }
    }
    const pages = new Pages();
    app = Fastify();
    await app.register(decocacheFastify, { cache });
    app.get('/about', () => pages.render());
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    expect(await (await fetch(`${url}/about`)).text()).toBe('page 1');
    const second = await fetch(`${url}/about`);
    expect([await second.text(), second.headers.get('hit_cache')]).toEqual(['page 1', 'True']);
    expect(await cache.has('view//about')).toBe(true);
  });

  it('rejects a bad route config when the route is added', async () => {
    app = Fastify();
    await app.register(decocacheFastify, { cache: new Cache() });
    expect(() => app!.get('/x', { config: { cache: { timeout: 'soon' as never } } }, () => 'x')).toThrow(/timeout must be a number/);
  });
});
