import { once } from 'node:events';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Cache } from '../../src/index.js';
import { record } from '../lib/hit-group.js';
import { sequential, type Case, type Context, type Group, type GroupSpec } from '../lib/measure.js';
import { memoryPeers, type Work } from '../lib/peers.js';
import { decocache, TTL_S } from '../lib/subjects.js';

const PATH = '/users/42';
const VIEW_BASELINE = { express: 'Express route + Map.get (raw)', inProcess: 'await Map.get (raw)' } as const;

/** A page service whose view method is cached under the request path (`view/%s`). */
function pages(cache: Cache): { user(id: string): Promise<unknown> } {
  class Pages {
    @cache.cached({ timeout: TTL_S })
    async user(id: string): Promise<unknown> {
      return record(id);
    }
  }
  return new Pages();
}

/** GET over one kept-alive loopback connection; resolves the body. */
function client(port: number): (path: string) => Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return (path) => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Through Express over HTTP: the raw route (a Map, no cache), a handler calling a `@Cached` method
 * under requestContext(), the cachedView() middleware, and each peer wrapping the handler's work
 * keyed by path. HTTP and Express dominate, so this shows what the cache adds to a request.
 */
async function expressGroup(ctx: Context): Promise<Group> {
  const { mod } = ctx.builds[0]!;
  const cache = decocache(ctx.builds[0]!, 'memory', undefined);
  ctx.onClose(() => cache.close());
  const service = pages(cache);
  const app = express();
  const map = new Map([[PATH, record('42')]]);
  app.get('/raw/users/:id', (req, res) => void res.json(map.get(`/users/${String(req.params['id'])}`)));
  const peers = memoryPeers();
  peers.forEach((peer, i) => {
    ctx.onClose(() => peer.close());
    const wrapped = peer.wrap(async (path) => record(path), (args) => String(args[0]));
    app.get(`/p${i}/users/:id`, async (req, res) => void res.json(await wrapped(req.path)));
  });
  // Registered after the raw and peer routes, so only decocache's routes pay for the request binding.
  app.use(mod.requestContext());
  app.get('/users/:id', async (req, res) => void res.json(await service.user(String(req.params['id']))));
  app.get('/view/users/:id', mod.cachedView(cache, { timeout: TTL_S }), (req, res) => void res.json(record(req.params['id'])));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  ctx.onClose(() => new Promise((r) => server.close(r)));
  const get = client((server.address() as AddressInfo).port);
  const cases: Case[] = [{ name: VIEW_BASELINE.express, kind: 'floor', run: sequential(() => get(`/raw${PATH}`)) }];
  cases.push({ name: 'decocache @Cached in handler', kind: 'decocache', run: sequential(() => get(PATH)) });
  cases.push({ name: 'decocache cachedView()', kind: 'decocache', run: sequential(() => get(`/view${PATH}`)) });
  peers.forEach((peer, i) => cases.push({ name: peer.name, kind: 'peer', run: sequential(() => get(`/p${i}${PATH}`)) }));
  for (const c of cases) await c.run(1);
  const title = `@Cached view hit through Express (GET ${PATH}, HTTP keep-alive)`;
  return { id: 'view-express', scenario: 'cached-view', backend: 'memory', title, baseline: VIEW_BASELINE.express, cases };
}

/** The same `@Cached` hit without HTTP: inside runWithRequest, against a Map and the peers. */
async function inProcessGroup(ctx: Context): Promise<Group> {
  const { mod } = ctx.builds[0]!;
  const cache = decocache(ctx.builds[0]!, 'memory', undefined);
  ctx.onClose(() => cache.close());
  const service = pages(cache);
  const info = { path: PATH, method: 'GET' };
  const map = new Map([[`view${PATH}`, record('42')]]);
  const cases: Case[] = [
    { name: VIEW_BASELINE.inProcess, kind: 'floor', run: sequential(async () => map.get(`view${PATH}`)) },
    { name: 'decocache @Cached in runWithRequest', kind: 'decocache', run: sequential(() => mod.runWithRequest(info, () => service.user('42'))) },
  ];
  for (const peer of memoryPeers()) {
    ctx.onClose(() => peer.close());
    const wrapped: Work = peer.wrap(async (path) => record(path), (args) => String(args[0]));
    cases.push({ name: peer.name, kind: 'peer', run: sequential(() => wrapped(PATH)) });
  }
  for (const c of cases) await c.run(1);
  const title = `@Cached view hit in process (runWithRequest, ${PATH})`;
  return { id: 'view-in-process', scenario: 'cached-view', backend: 'memory', title, baseline: VIEW_BASELINE.inProcess, cases };
}

/** A `@Cached` view hit through Express over HTTP, and the same hit in process. */
export const cachedViewGroups: GroupSpec[] = [
  { id: 'view-express', build: expressGroup },
  { id: 'view-in-process', build: inProcessGroup },
];
