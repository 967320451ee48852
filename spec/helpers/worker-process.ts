// A child process for cross-process specs: it builds a Cache from DECOCACHE_WORKER_CONFIG and
// answers one JSON command per stdin line with one JSON line on stdout.
import { Cache, cacheIdentity, deleteMemoized, type CacheConfig } from '../../src/index.js';
import { answerLines } from './worker-lines.js';
import { acquireLease } from '../../src/fleet/lease.js';

const config = JSON.parse(process.env['DECOCACHE_WORKER_CONFIG'] ?? '{}') as CacheConfig;
const warnings: string[] = [];
const cache = new Cache({ ...config, logger: { warn: (message: string) => void warnings.push(message), error: () => {} } });

class PriceService {
  constructor(readonly region: string) {}

  [cacheIdentity]() {
    return `PriceService:${this.region}`;
  }

  @cache.memoize({ timeout: 60 })
  async price(sku: string) {
    return `${sku}@${this.region} computed by ${process.pid}`;
  }
}

const service = new PriceService('eu');
type Command = { op: 'price'; sku: string } | { op: 'delete' } | { op: 'deleteOne'; sku: string } | { op: 'inc'; key: string; times: number }
  | { op: 'incSettled'; key: string; times: number } | { op: 'add'; key: string } | { op: 'lease'; key: string; ttlMs: number } | { op: 'warnings' };

async function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'price':
      return service.price(command.sku);
    case 'delete':
      return deleteMemoized(PriceService.prototype.price);
    case 'deleteOne':
      return deleteMemoized(PriceService.prototype.price, service, command.sku);
    case 'inc':
      return Promise.all(Array.from({ length: command.times }, () => cache.inc(command.key)));
    case 'incSettled': {
      // Every outcome, not just the first failure: how many applied and why the others did not.
      const outcomes = await Promise.allSettled(Array.from({ length: command.times }, () => cache.inc(command.key)));
      const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as { code?: string }).code ?? o.reason)] : []));
      return { ok: outcomes.length - failed.length, failed };
    }
    case 'add':
      return cache.add(command.key, process.pid);
    case 'lease':
      return acquireLease(await cache.backend(), command.key, command.ttlMs);
    case 'warnings':
      return warnings;
  }
}

await answerLines<Command>(handle);
await cache.close();
