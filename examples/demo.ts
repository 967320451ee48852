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
import { Cache, cacheIdentity, deleteMemoized, setDefaultCache } from 'decocache';
import { cachedView, deleteCachedView, requestContext } from 'decocache/express';
import { CacheSessionStore } from 'decocache/express-session';
import { CacheExtension } from 'decocache/nunjucks';

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

const ROUTES: [href: string, what: string][] = [
  ['/', 'this page, cached 30 s under view// (reload: the render count stays, hit_cache: True)'],
  ['/invalidate-home', 'deleteCachedView(cache, { path: "/" }): the next / renders again'],
  ['/search?q=tea&page=1', 'a view keyed by its query string...'],
  ['/search?page=1&q=tea', '...in any order: the same entry'],
  ['/users/1', 'a memoized service method (computedSoFar stays on hits)'],
  ['/users/1/invalidate', 'deleteMemoized(UserService.prototype.getUser, users, 1)'],
  ['/page', 'a nunjucks template with {% cache %} fragments'],
  ['/counter', 'express-session over the cache (CacheSessionStore)'],
];

function indexPage(renderedAt: string, render: number): string {
  const items = ROUTES.map(([href, what]) => `<li><a href="${href.replaceAll('&', '&amp;')}">${href.replaceAll('&', '&amp;')}</a>: ${what}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>decocache demo</title></head>
<body>
<h1>decocache demo</h1>
<p>Rendered at ${renderedAt} (render #${render}).</p>
<ul>
${items}
</ul>
</body></html>
`;
}

function buildApp(): express.Express {
  const app = express();
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(fileURLToPath(new URL('./views', import.meta.url))), { autoescape: true });
  CacheExtension.install(env, cache);
  env.express(app);
  app.use(requestContext());
  app.use(session({ store: new CacheSessionStore({ cache }), secret: process.env['SESSION_SECRET'] ?? 'decocache-demo', resave: false, saveUninitialized: false, cookie: { maxAge: 3_600_000 } }));

  app.get('/', cachedView(cache, { timeout: 30, responseHitIndication: true }), (_req, res) => {
    pageViews++;
    res.type('html').send(indexPage(new Date().toISOString(), pageViews));
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
