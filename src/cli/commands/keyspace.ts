import { escapeGlob } from '../../backends/glob.js';
import { NotSupportedError } from '../../errors.js';
import { Exit, UsageError } from '../args.js';
import type { Command } from './command.js';

/** `keys [GLOB]`: the keys under the prefix, without it. */
export const keys: Command = {
  name: 'keys',
  synopsis: '[GLOB]',
  summary: 'list keys under the key prefix matching GLOB (default *)',
  help: [
    'Prints one key per line, sorted, without the key prefix (--json: an array); exits 0 when none',
    'match. GLOB takes *, ? and [abc]. Redis is SCANned on every master, never KEYS; FileSystemCache',
    'reads the key from each file; memcached cannot enumerate keys (exit 2).',
    "Example: decocache keys 'view/*' --json",
  ],
  flags: [],
  arity: [0, 1],
  async run({ cache, args, out }) {
    const backend = await cache.backend();
    if (!backend.keys) throw new UsageError(`${backend.name} cannot enumerate keys`, 'keys');
    const prefix = cache.keyPrefix;
    let found: string[];
    try {
      found = await backend.keys(escapeGlob(prefix) + (args[0] ?? '*'));
    } catch (error) {
      if (error instanceof NotSupportedError) throw new UsageError(error.message, 'keys');
      throw error;
    }
    const names = found.map((key) => key.slice(prefix.length)).sort();
    out.result(names, names);
    return Exit.done;
  },
};

/** `clear --yes`: every key under the prefix. */
export const clear: Command = {
  name: 'clear',
  synopsis: '--yes',
  summary: 'delete every key under the key prefix (needs --yes)',
  help: [
    'Deletes every key under the key prefix and nothing outside it; refuses without --yes (exit 2),',
    'and refuses an empty prefix on a shared server.',
  ],
  flags: ['yes'],
  arity: [0, 0],
  async run({ cache, flags, out }) {
    await cache.backend();
    const prefix = cache.keyPrefix;
    if (!flags.switches.has('yes')) throw new UsageError(`clear deletes every key under the prefix ${JSON.stringify(prefix)}; add --yes to mean it`, 'clear');
    await cache.clear();
    out.result(`cleared every key under ${JSON.stringify(prefix)}`, { cleared: true, keyPrefix: prefix });
    return Exit.done;
  },
};
