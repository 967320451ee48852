import { get as get_ } from 'node:http';
import { Readable } from 'node:stream';
import express, { type Request, type Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError, Cache } from '../../src/index.js';
import { cachedView, deleteCachedView, type CachedViewOptions } from '../../src/integrations/express.js';
import { recordingLogger, serve, sleep, type Served } from '../helpers/http.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** One app with a counting handler on `path`, cached with `options`. */
async function counting(cache: Cache, options: CachedViewOptions, handler?: (req: Request, res: Response, n: number) => void) {
  const app = express();
  const state = { calls: 0 };
  app.all(/.*/, cachedView(cache, options), (req, res) => {
    state.calls++;
    if (handler) handler(req, res, state.calls);
    else res.send(`call ${state.calls}`);
  });
  served = await serve(app);
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(served!.url + path, init);
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  return { state, get };
}

describe('cachedView(cache, options) on Express', () => {
  it('serves the second GET from the cache under view/<path>', async () => {
    const cache = new Cache();
    const { state, get } = await counting(cache, { timeout: 60 });
    expect((await get('/hello')).body).toBe('call 1');
    expect((await get('/hello')).body).toBe('call 1');
    expect(state.calls).toBe(1);
    expect(await cache.has('view//hello')).toBe(true);
    expect((await get('/other')).body).toBe('call 2');
  });

  it('expires after timeout, and res.locals.cacheTimeout overrides it per response', async () => {
    const cache = new Cache();
    const { state, get } = await counting(cache, { timeout: 1 }, (req, res, n) => {
      if (req.path === '/long') res.locals['cacheTimeout'] = 5;
      res.send(`call ${n}`);
    });
    await get('/short');
    await get('/long');
    await sleep(1150);
    expect((await get('/short')).body).toBe('call 3');
    expect((await get('/long')).body).toBe('call 2');
    expect(state.calls).toBe(3);
  });

  it('responseHitIndication sends hit_cache: True on hits only', async () => {
    const { get } = await counting(new Cache(), { responseHitIndication: true });
    expect((await get('/')).headers.get('hit_cache')).toBeNull();
    expect((await get('/')).headers.get('hit_cache')).toBe('True');
    expect((await get('/')).headers.get('hit_cache')).toBe('True');
    const plain = await counting(new Cache(), {});
    await plain.get('/');
    expect((await plain.get('/')).headers.get('hit_cache')).toBeNull();
  });

  it('queryString keys by the sorted query pairs, byte for byte as Flask-Caching', async () => {
    const cache = new Cache();
    const { state, get } = await counting(cache, { queryString: true });
    expect((await get('/works?b=2&a=1&a=0')).body).toBe('call 1');
    expect((await get('/works?a=0&b=2&a=1')).body).toBe('call 1');
    expect(await cache.has('view//works7ae787dc38754b57763f4fbf68f991dd43e8f01c346ec39b529026e9dfa349e2')).toBe(true);
    expect((await get('/works?a=0&b=3&a=1')).body).toBe('call 2');
    expect((await get('/other?a=0&b=2&a=1')).body).toBe('call 3');
    expect(state.calls).toBe(3);
  });

  it('queryString: repeated parameters in any order share one entry', async () => {
    const { state, get } = await counting(new Cache(), { queryString: true });
    await get('/users?user[]=123&user[]=124');
    await get('/users?user[]=124&user[]=123');
    expect(state.calls).toBe(1);
    await get('/users?user[]=124&user[]=125');
    expect(state.calls).toBe(2);
  });

  it('a 50 kB query string is cached like any other', async () => {
    const { state, get } = await counting(new Cache(), { queryString: true });
    const huge = `/search?q=${'x'.repeat(50_000)}`;
    expect((await get(huge)).status).toBe(200);
    expect((await get(huge)).body).toBe('call 1');
    expect(state.calls).toBe(1);
  });

  it('unless(req) === true bypasses the cache; false caches', async () => {
    const never = await counting(new Cache(), { unless: () => true });
    await never.get('/');
    expect((await never.get('/')).body).toBe('call 2');
    const always = await counting(new Cache(), { unless: () => false });
    await always.get('/');
    expect((await always.get('/')).body).toBe('call 1');
  });

  it('stores statuses below 400 only, unless responseFilter decides', async () => {
    const failing = (_req: Request, res: Response, n: number) => void res.status(n === 1 ? 500 : 200).send(`call ${n}`);
    const byDefault = await counting(new Cache(), {}, failing);
    expect((await byDefault.get('/')).status).toBe(500);
    expect((await byDefault.get('/')).status).toBe(200);
    expect((await byDefault.get('/')).body).toBe('call 2');
    const filtered = await counting(new Cache(), { responseFilter: (r) => r.status < 600 }, failing);
    await filtered.get('/');
    expect(await filtered.get('/')).toMatchObject({ status: 500, body: 'call 1' });
  });

  it('forcedUpdate recomputes, and the fresh response is served from the cache next', async () => {
    let force = false;
    const { get } = await counting(new Cache(), { forcedUpdate: () => force });
    await get('/');
    force = true;
    expect((await get('/')).body).toBe('call 2');
    force = false;
    expect((await get('/')).body).toBe('call 2');
  });

  it('isStale(cached) re-renders a hit', async () => {
    let stale = false;
    const { get } = await counting(new Cache(), { isStale: () => stale });
    await get('/');
    expect((await get('/')).body).toBe('call 1');
    stale = true;
    expect((await get('/')).body).toBe('call 2');
  });

  it('never serves or stores POST, and HEAD reads the cache without filling it', async () => {
    const { state, get } = await counting(new Cache(), {});
    expect((await get('/', { method: 'HEAD' })).status).toBe(200);
    await get('/', { method: 'POST' });
    await get('/', { method: 'POST' });
    expect(state.calls).toBe(3);
    expect((await get('/')).body).toBe('call 4');
    const head = await get('/', { method: 'HEAD' });
    expect([head.status, head.body, head.headers.get('content-type')]).toEqual([200, '', 'text/html; charset=utf-8']);
    expect((await get('/', { method: 'POST' })).body).toBe('call 5');
  });

  it('replays JSON and Buffer bodies with their content headers but never set-cookie', async () => {
    const { state, get } = await counting(new Cache(), {}, (req, res, n) => {
      res.cookie('seen', String(n)).set('Content-Language', 'fr');
      if (req.path === '/json') res.json({ n, ok: true });
      else res.type('png').send(Buffer.from([0, 1, 2, 255, n]));
    });
    await get('/json');
    const json = await get('/json');
    expect(JSON.parse(json.body)).toEqual({ n: 1, ok: true });
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-language')).toBe('fr');
    expect(json.headers.get('set-cookie')).toBeNull();
    await fetch(`${served!.url}/bin`);
    const bin = await fetch(`${served!.url}/bin`);
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([0, 1, 2, 255, 2]);
    expect(bin.headers.get('content-type')).toBe('image/png');
    expect(state.calls).toBe(2);
  });

  it('answers a conditional GET on a hit with 304', async () => {
    const { get } = await counting(new Cache(), {});
    const first = await get('/');
    // fetch adds cache-control: no-cache to conditional requests, which disables freshness; plain http does not.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get_(`${served!.url}/`, { headers: { 'if-none-match': first.headers.get('etag')! } }, (res) => resolve(res.resume().statusCode)).on('error', reject);
    });
    expect(status).toBe(304);
  });

  it('passes a streamed body through uncached and logs why', async () => {
    const logger = recordingLogger();
    const { state, get } = await counting(new Cache({ logger }), {}, (_req, res, n) => {
      res.type('text');
      Readable.from([`chunk ${n} `, 'end']).pipe(res);
    });
    expect((await get('/stream')).body).toBe('chunk 1 end');
    expect((await get('/stream')).body).toBe('chunk 2 end');
    expect(state.calls).toBe(2);
    expect(logger.lines.join('\n')).toMatch(/did not cache \/stream: the body was streamed/);
  });

  it('an empty body is stored only with cacheNone', async () => {
    const empty = (_req: Request, res: Response) => void res.status(204).end();
    const plain = await counting(new Cache(), {}, empty);
    await plain.get('/');
    await plain.get('/');
    expect(plain.state.calls).toBe(2);
    const none = await counting(new Cache(), { cacheNone: true }, empty);
    await none.get('/');
    expect((await none.get('/')).status).toBe(204);
    expect(none.state.calls).toBe(1);
  });

  it('a failing backend serves every request uncached and reports the error', async () => {
    class Down extends Cache {
      override async get<T>(): Promise<T | undefined> {
        throw new BackendError('backend down');
      }
    }
    const logger = recordingLogger();
    const cache = new Down({ logger });
    const errors: unknown[] = [];
    cache.events.on('error', (event) => errors.push(event.error));
    const { get } = await counting(cache, {});
    expect((await get('/')).body).toBe('call 1');
    expect((await get('/')).body).toBe('call 2');
    expect(errors).toHaveLength(2);
  });

  it('deleteCachedView(cache, { path, queryArgs }) drops exactly one entry', async () => {
    const cache = new Cache();
    const { get } = await counting(cache, { queryString: true });
    await get('/works?limit=15&mock=true');
    await get('/works?limit=20');
    expect(await deleteCachedView(cache, { path: '/works', queryArgs: 'mock=true&limit=15' })).toBe(true);
    expect((await get('/works?limit=20')).body).toBe('call 2');
    expect((await get('/works?mock=true&limit=15')).body).toBe('call 3');
    expect(await deleteCachedView(cache, { path: '/works', queryArgs: { limit: 15, mock: 'true' } })).toBe(true);
    await get('/works?limit=15&mock=true');
    expect(await deleteCachedView(cache, { path: '/works', queryArgs: [['mock', 'true'], ['limit', '15']] })).toBe(true);
    expect(await deleteCachedView(cache, { path: '/works', queryArgs: 'limit=15&mock=true' })).toBe(false);
  });

  it('deleteCachedView(cache, { path }) drops a plain view entry', async () => {
    const cache = new Cache();
    const { get } = await counting(cache, {});
    await get('/user/bob');
    expect(await deleteCachedView(cache, { path: '/user/bob' })).toBe(true);
    expect((await get('/user/bob')).body).toBe('call 2');
  });

  it('rejects unknown options and bad types at setup', () => {
    const cache = new Cache();
    expect(() => cachedView(cache, { timeOut: 5 } as CachedViewOptions)).toThrow(/unknown option "timeOut"/);
    expect(() => cachedView(cache, { timeout: -1 })).toThrow(TypeError);
    expect(() => cachedView(cache, { unless: true as never })).toThrow(/unless must be a function/);
  });
});
