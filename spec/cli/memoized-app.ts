// A child process for the delete-memoized specs: an application with a memoized function, a
// static method and an instance method, answering one JSON command per stdin line (the protocol
// of spec/helpers/worker.ts). Every computed value names its run, so a recomputation shows.
import { Cache, cacheIdentity, type CacheConfig } from '../../src/index.js';
import { answerLines } from '../helpers/worker-lines.js';

const config = JSON.parse(process.env['DECOCACHE_WORKER_CONFIG'] ?? '{}') as CacheConfig;
const cache = new Cache({ ...config, logger: { warn: () => {}, error: () => {} } });
let runs = 0;
const computed = (what: string) => `${what} run ${++runs} in ${process.pid}`;

const memoizedProduct = cache.memoize({ timeout: 300 })(async function product(id: number, options: { locale: string }) {
  return computed(`product ${id} ${options.locale}`);
});

class Catalog {
  @cache.memoize({ timeout: 300 })
  static async byRegion(region: string) {
    return computed(`region ${region}`);
  }
}

class PriceService {
  constructor(readonly region: string) {}

  [cacheIdentity]() {
    return `PriceService:${this.region}`;
  }

  @cache.memoize({ timeout: 300 })
  async price(sku: string) {
    return computed(`price ${sku} ${this.region}`);
  }
}

const services = { eu: new PriceService('eu'), us: new PriceService('us') };
type Command =
  | { op: 'product'; id: number; locale: string }
  | { op: 'byRegion'; region: string }
  | { op: 'price'; region: 'eu' | 'us'; sku: string }
  | { op: 'add'; key: string };

function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'product':
      return memoizedProduct(command.id, { locale: command.locale });
    case 'byRegion':
      return Catalog.byRegion(command.region);
    case 'price':
      return services[command.region].price(command.sku);
    case 'add':
      return cache.add(command.key, process.pid);
  }
}

await answerLines<Command>(handle);
await cache.close();
