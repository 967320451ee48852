import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache, Cached, deleteCached } from '../../src/index.js';
import { requestContext } from '../../src/integrations/express.js';
import { serve, type Served } from '../helpers/http.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('requestContext() with @Cached controller methods', () => {
  it('a @Cached method finds the path without being passed the request', async () => {
    const cache = new Cache();
    let renders = 0;
    class Controller {
      @Cached({ cache, timeout: 60 })
      async show(id: string) {
        return `user ${id} render ${++renders}`;
      }
    }
    const controller = new Controller();
    const app = express();
    app.use(requestContext());
    // The handler resumes after an await: the binding must survive it.
    app.get('/users/:id', async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      res.send(await controller.show(req.params.id));
    });
    served = await serve(app);
    expect(await (await fetch(`${served.url}/users/1`)).text()).toBe('user 1 render 1');
    expect(await (await fetch(`${served.url}/users/1`)).text()).toBe('user 1 render 1');
    expect(await (await fetch(`${served.url}/users/2`)).text()).toBe('user 2 render 2');
    expect(await cache.has('view//users/1')).toBe(true);
    expect(await deleteCached(Controller.prototype.show, { path: '/users/1' })).toBe(true);
    expect(await (await fetch(`${served.url}/users/1`)).text()).toBe('user 1 render 3');
  });

  it('queryString methods see the raw query of the original URL, and POST always runs', async () => {
    const cache = new Cache();
    let renders = 0;
    class Search {
      @Cached({ cache, queryString: true })
      async results() {
        return `render ${++renders}`;
      }
    }
    const search = new Search();
    const app = express();
    const api = express.Router();
    api.all('/search', async (_req, res) => void res.send(await search.results()));
    app.use(requestContext());
    app.use('/api', api);
    served = await serve(app);
    await fetch(`${served.url}/api/search?b=2&a=1&a=0`);
    expect(await (await fetch(`${served.url}/api/search?a=0&a=1&b=2`)).text()).toBe('render 1');
    expect(await cache.has('view//api/search7ae787dc38754b57763f4fbf68f991dd43e8f01c346ec39b529026e9dfa349e2')).toBe(true);
    expect(await (await fetch(`${served.url}/api/search?a=0&a=1&b=2`, { method: 'POST' })).text()).toBe('render 2');
  });

  it('sends hit_cache: True when a responseHitIndication method answered from the cache', async () => {
    const cache = new Cache();
    class Home {
      @Cached({ cache, responseHitIndication: true })
      async page() {
        return 'home';
      }
    }
    const home = new Home();
    const app = express();
    app.use(requestContext());
    app.get('/', async (_req, res) => void res.send(await home.page()));
    served = await serve(app);
    expect((await fetch(served.url)).headers.get('hit_cache')).toBeNull();
    expect((await fetch(served.url)).headers.get('hit_cache')).toBe('True');
  });
});
