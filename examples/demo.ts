/**
 * The decocache demo: an Express app showing a cached view, a query-string view, a memoized
 * service with invalidation, Nunjucks fragments and sessions, all on one Cache from the
 * environment (CACHE_TYPE, CACHE_REDIS_URL, ...; in memory when nothing is set).
 *
 * Run: `npm run demo` (PORT, default 3000). `--once` prints the walkthrough and exits.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import session from 'express-session';
import nunjucks from 'nunjucks';
import { Cache, cacheIdentity, deleteMemoized, setDefaultCache } from '../src/index.js';
import { cachedView, deleteCachedView, requestContext } from '../src/integrations/express.js';
import { CacheSessionStore } from '../src/integrations/express-session.js';
import { CacheExtension } from '../src/integrations/nunjucks.js';

declare module 'express-session' {
  interface SessionData {
    count: number;
  }
}

const cache = Cache.fromEnv(process.env, { defaultTimeout: 300 });
setDefaultCache(cache);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A slow lookup worth memoizing: 80 ms per call stands in for a database. */
class UserService {
  computed = 0;

  // A stable identity lets every process sharing a Redis or Memcached backend share the entries.
  [cacheIdentity](): string {
    return 'users';
  }

  @cache.memoize({ timeout: 120 })
  async getUser(id: number): Promise<{ id: number; name: string; loadedAt: string }> {
    this.computed++;
    await sleep(80);
    return { id, name: ['Ada', 'Grace', 'Edsger', 'Barbara'][id % 4]!, loadedAt: new Date().toISOString() };
  }
}
const users = new UserService();

async function timed<T>(fn: () => Promise<T>): Promise<[T, string]> {
  const start = performance.now();
  const value = await fn();
  return [value, `${(performance.now() - start).toFixed(1)} ms`];
}

async function walkthrough(): Promise<void> {
  const id = 1000 + Math.floor(Math.random() * 1000);
  console.log('walkthrough (memoized UserService.getUser, 80 ms when computed):');
  const [, miss] = await timed(() => users.getUser(id));
  console.log(`  1. getUser(${id})  miss, computed     ${miss}`);
  const [, hit] = await timed(() => users.getUser(id));
  console.log(`  2. getUser(${id})  hit, from cache    ${hit}`);
  const [deleted, del] = await timed(() => deleteMemoized(UserService.prototype.getUser, users, id));
  console.log(`  3. deleteMemoized(UserService.prototype.getUser, users, ${id}) -> ${deleted}   ${del}`);
  const [, again] = await timed(() => users.getUser(id));
  console.log(`  4. getUser(${id})  miss again         ${again}`);
  await deleteMemoized(UserService.prototype.getUser, users, id);
}

let pageViews = 0;

function buildApp(): express.Express {
  const app = express();
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(fileURLToPath(new URL('./views', import.meta.url))), { autoescape: true });
  CacheExtension.install(env, cache);
  env.express(app);
  app.use(requestContext());
  app.use(session({ store: new CacheSessionStore({ cache }), secret: process.env['SESSION_SECRET'] ?? 'decocache-demo', resave: false, saveUninitialized: false, cookie: { maxAge: 3_600_000 } }));

  app.get('/', cachedView(cache, { timeout: 30, responseHitIndication: true }), (_req, res) => {
    pageViews++;
    res.type('text').send(`decocache demo\nrendered at ${new Date().toISOString()} (render #${pageViews}); cached 30 s under view//\n\n` +
      'try: /search?q=tea  /users/1  /users/1/invalidate  /page  /counter  /invalidate-home\n');
  });
  app.get('/invalidate-home', async (_req, res) => {
    res.json({ deleted: await deleteCachedView(cache, { path: '/' }) });
  });
  app.get('/search', cachedView(cache, { timeout: 60, queryString: true, responseHitIndication: true }), async (req, res) => {
    await sleep(50);
    const q = String(req.query['q'] ?? '');
    res.json({ q, results: q ? [`${q} one`, `${q} two`] : [], computedAt: new Date().toISOString() });
  });
  app.get('/users/:id', async (req, res) => {
    const id = Number(req.params['id']);
    if (!Number.isInteger(id)) return void res.status(400).json({ error: 'id must be an integer' });
    const [user, took] = await timed(() => users.getUser(id));
    res.json({ user, took, computedSoFar: users.computed });
  });
  app.all('/users/:id/invalidate', async (req, res) => {
    res.json({ deleted: await deleteMemoized(UserService.prototype.getUser, users, Number(req.params['id'])) });
  });
  app.get('/page', (_req, res) => {
    res.render('page.njk', { now: new Date().toISOString(), user: { id: 1, name: 'Ada' } });
  });
  app.get('/counter', (req, res) => {
    req.session.count = (req.session.count ?? 0) + 1;
    res.type('text').send(`this session has visited /counter ${req.session.count} time(s)\n`);
  });
  return app;
}

async function main(): Promise<void> {
  const backend = await cache.backend();
  console.log(`decocache demo: cache backend ${backend.name}${cache.shared ? ' (shared)' : ' (in process)'}`);
  await walkthrough();
  if (process.argv.includes('--once')) {
    await cache.close();
    return;
  }
  const port = Number(process.env['PORT'] ?? 3000);
  const server: Server = buildApp().listen(port, '127.0.0.1', () => {
    const { port: actual } = server.address() as AddressInfo;
    console.log(`decocache demo listening on http://127.0.0.1:${actual}`);
  });
  const stop = (signal: string) => {
    console.log(`${signal}: closing the server and the cache`);
    server.close();
    server.closeAllConnections();
    cache.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
