import { Exit, UsageError } from '../args.js';
import { showValue } from '../output.js';
import type { Command } from './command.js';

/** `get KEY`: the stored value, or exit 1. */
export const get: Command = {
  name: 'get',
  synopsis: 'KEY',
  summary: 'print the value stored at KEY',
  help: [
    'Prints the value as JSON (Maps, Sets, bigints and bytes in Node\'s notation); exit 1 when KEY is',
    'missing or expired. --json prints {"key", "found", "value"}.',
    'Example: decocache get greeting --key-prefix app_',
  ],
  flags: [],
  arity: [1, 1],
  async run({ cache, args, out }) {
    const key = args[0]!;
    const value = await cache.get(key);
    if (value === undefined) {
      if (!out.json) out.note(`not found: ${key}`);
      out.result([], { key, found: false });
      return Exit.notFound;
    }
    out.result(showValue(value), { key, found: true, value });
    return Exit.done;
  },
};

/** `set KEY JSON [--timeout S]`. */
export const set: Command = {
  name: 'set',
  synopsis: 'KEY JSON',
  summary: 'store a JSON value at KEY (--timeout SECONDS)',
  help: [
    'Stores the JSON value for --timeout seconds (default CACHE_DEFAULT_TIMEOUT, else 300;',
    '0 never expires). Strings need their quotes: decocache set greeting \'"hello"\' --timeout 60',
  ],
  flags: ['timeout'],
  arity: [2, 2],
  async run({ cache, args, flags, out }) {
    const [key, text] = args as [string, string];
    const value = parseJson(text, 'JSON', 'set');
    const timeout = timeoutFlag(flags.values.timeout);
    await cache.set(key, value, timeout);
    out.result(`stored ${key}`, { key, stored: true, timeout: timeout ?? cache.defaultTimeout });
    return Exit.done;
  },
};

/** `delete KEY...`: exit 1 when any key was missing. */
export const del: Command = {
  name: 'delete',
  synopsis: 'KEY...',
  summary: 'delete keys (exit 1 if any was missing)',
  help: ['Deletes every KEY; prints the ones deleted, names the missing ones on stderr and exits 1 if any was.', '--json prints {"deleted": [...], "missing": [...]}.'],
  flags: [],
  arity: [1, Infinity],
  async run({ cache, args, out }) {
    const existed = await Promise.all(args.map((key) => cache.delete(key)));
    const deleted = args.filter((_, i) => existed[i]);
    const missing = args.filter((_, i) => !existed[i]);
    if (!out.json) for (const key of missing) out.note(`not found: ${key}`);
    out.result(deleted.map((key) => `deleted ${key}`), { deleted, missing });
    return missing.length === 0 ? Exit.done : Exit.notFound;
  },
};

/** Parses a JSON argument, or a usage error that names it and reminds that strings need quotes. */
export function parseJson(text: string, what: string, command: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${what} is not JSON: ${text} (a string needs its quotes, e.g. '"${text}"')`, command);
  }
}

/** `--timeout` in seconds: a number >= 0, or undefined when the flag is absent. */
function timeoutFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = raw.trim() === '' ? NaN : Number(raw);
  if (!(seconds >= 0 && Number.isFinite(seconds))) throw new UsageError(`--timeout must be a number of seconds >= 0 (0 = never expires), got ${JSON.stringify(raw)}`, 'set');
  return seconds;
}
