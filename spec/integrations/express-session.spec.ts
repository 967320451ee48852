import express from 'express';
import session from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { CacheSessionStore } from '../../src/integrations/express-session.js';
import { serve, type Served } from '../helpers/http.js';

declare module 'express-session' {
  interface SessionData {
    views: number;
  }
}

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

class Recording extends Cache {
  readonly sets: [string, number | undefined][] = [];
  readonly touches: [string, number | undefined][] = [];
  override set(key: string, value: unknown, timeout?: number) {
    this.sets.push([key, timeout]);
    return super.set(key, value, timeout);
  }
  override touch(key: string, timeout?: number) {
    this.touches.push([key, timeout]);
    return super.touch(key, timeout);
  }
}

async function app(store: CacheSessionStore, cookie: session.CookieOptions = {}, rolling = false) {
  const app = express();
  app.use(session({ store, secret: 'spec', resave: false, saveUninitialized: false, rolling, cookie }));
  app.get('/count', (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1;
    res.send(String(req.session.views));
  });
  app.get('/peek', (req, res) => void res.send(String(req.session.views ?? 0)));
  app.get('/logout', (req, res) => req.session.destroy(() => res.send('bye')));
  served = await serve(app);
  let jar = '';
  return async (path: string) => {
    const response = await fetch(served!.url + path, { headers: jar ? { cookie: jar } : {} });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) jar = setCookie.split(';')[0]!;
    return { body: await response.text(), sid: decodeURIComponent(jar.split('=')[1] ?? '').slice(2).split('.')[0] };
  };
}

describe('CacheSessionStore({ cache, prefix?, ttl? })', () => {
  it('keeps a session across requests under sess:<sid>, with the TTL from cookie.maxAge in seconds', async () => {
    const cache = new Recording();
    const get = await app(new CacheSessionStore({ cache }), { maxAge: 90_500 });
    expect((await get('/count')).body).toBe('1');
    expect((await get('/count')).body).toBe('2');
    const { body, sid } = await get('/count');
    expect(body).toBe('3');
    expect(await cache.get(`sess:${sid}`)).toMatchObject({ views: 3 });
    expect(cache.sets.every(([key, ttl]) => key === `sess:${sid}` && ttl === 91)).toBe(true);
  });

  it('destroy() deletes the entry; the next request starts a new session', async () => {
    const cache = new Cache();
    const get = await app(new CacheSessionStore({ cache, prefix: 'app:s:' }));
    const { sid } = await get('/count');
    expect(await cache.has(`app:s:${sid}`)).toBe(true);
    await get('/logout');
    expect(await cache.has(`app:s:${sid}`)).toBe(false);
    expect((await get('/peek')).body).toBe('0');
  });

  it('without cookie.maxAge the ttl option applies, and touch() extends an unchanged session', async () => {
    const cache = new Recording();
    const get = await app(new CacheSessionStore({ cache, ttl: 600 }), {}, true);
    const { sid } = await get('/count');
    await get('/peek');
    expect(cache.sets).toEqual([[`sess:${sid}`, 600]]);
    expect(cache.touches).toEqual([[`sess:${sid}`, 600]]);
  });

  it('an expired entry reads as no session', async () => {
    const cache = new Cache();
    const store = new CacheSessionStore({ cache });
    await cache.set('sess:gone', { cookie: { originalMaxAge: 1 } }, 1);
    await cache.delete('sess:gone');
    const found = await new Promise((resolve, reject) => store.get('gone', (error, sess) => (error ? reject(error) : resolve(sess))));
    expect(found).toBeNull();
  });

  it('clear() removes every session under the prefix and nothing else', async () => {
    const cache = new Cache();
    const store = new CacheSessionStore({ cache });
    await cache.set('sess:a', { views: 1 });
    await cache.set('other', 1);
    await new Promise<void>((resolve, reject) => store.clear((error) => (error ? reject(error) : resolve())));
    expect([await cache.has('sess:a'), await cache.has('other')]).toEqual([false, true]);
  });

  it('rejects a missing cache with a TypeError', () => {
    expect(() => new CacheSessionStore({} as never)).toThrow(/"cache" must be a Cache/);
  });
});
