import { Exit } from '../args.js';
import type { Command } from './command.js';

/** `stats`: keys under the prefix, memory, and the server's own hit ratio where it reports one. */
export const stats: Command = {
  name: 'stats',
  synopsis: '',
  summary: "keys under the prefix, memory, the server's hit ratio",
  help: [
    'Prints the backend, the key prefix, the keys under it, the bytes in use (the whole server for',
    'Redis and memcached) and the server-wide hit ratio (Redis keyspace_hits/misses, memcached',
    'get_hits/get_misses). What a backend cannot tell is shown as unknown (--json: null).',
  ],
  flags: [],
  arity: [0, 0],
  async run({ cache, out }) {
    const backend = await cache.backend();
    const prefix = cache.keyPrefix;
    const found = backend.stats ? await backend.stats(prefix) : {};
    const { keys = null, bytes = null, hits = null, misses = null } = found;
    const hitRatio = hits !== null && misses !== null && hits + misses > 0 ? hits / (hits + misses) : null;
    const unknown = 'unknown';
    out.result(
      [
        `backend     ${backend.name}`,
        `key prefix  ${JSON.stringify(prefix)}`,
        `keys        ${keys ?? unknown}`,
        `memory      ${bytes === null ? unknown : `${bytes} bytes`}`,
        `hit ratio   ${hitRatio === null ? unknown : `${(hitRatio * 100).toFixed(1)}% (${hits} hits, ${misses} misses, server-wide)`}`,
      ],
      { backend: backend.name, keyPrefix: prefix, keys, bytes, hits, misses, hitRatio },
    );
    return Exit.done;
  },
};
