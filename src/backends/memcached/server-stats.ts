import type { BackendStats } from '../backend.js';
import { deadline, type MemjsClient } from './protocol.js';

/**
 * `bytes`, `get_hits` and `get_misses` of every server, summed (memcached cannot count the keys
 * under a prefix, so `keys` is left out). memjs calls back once per server; the first error wins.
 */
export function serverStats(client: MemjsClient, ms: number): Promise<BackendStats> {
  const servers = client.servers.length;
  return deadline<BackendStats>('stats', ms, (settle) => {
    const sum = { bytes: 0, hits: 0, misses: 0 };
    let answered = 0;
    client.stats((error, _server, stats) => {
      if (error) return settle(error);
      const number = (name: string) => Number(stats?.[name] ?? 0) || 0;
      sum.bytes += number('bytes');
      sum.hits += number('get_hits');
      sum.misses += number('get_misses');
      if (++answered === servers) settle(null, sum);
    });
  });
}
