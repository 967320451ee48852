import { VALUE_FLAGS, type FlagName } from './args.js';
import { COMMANDS, type Command } from './commands/index.js';

/** Flags every command takes. */
export const COMMON_FLAGS: readonly FlagName[] = ['type', 'redis-url', 'memcached-servers', 'dir', 'key-prefix', 'hash-method', 'json', 'help'];

const FLAG_HELP: Record<FlagName, string> = {
  type: 'backend: RedisCache, RedisSentinelCache, RedisClusterCache, MemcachedCache, FileSystemCache, ...',
  'redis-url': 'redis:// or rediss:// URL (CACHE_REDIS_URL)',
  'memcached-servers': "memcached servers, 'host:port,host:port' (CACHE_MEMCACHED_SERVERS)",
  dir: 'FileSystemCache directory (CACHE_DIR)',
  'key-prefix': "the application's key prefix (CACHE_KEY_PREFIX; default decocache_ on Redis and memcached)",
  'hash-method': "the application's digest for memoize keys (CACHE_HASH_METHOD; default sha256)",
  json: 'machine-readable output: one JSON document on stdout',
  help: 'this help',
  timeout: 'seconds the value lives (0 = never expires)',
  identity: "the instance's [cacheIdentity]() value, for instance methods",
  yes: 'really do it',
};

const EXIT_CODES = 'Exit codes: 0 done, 1 not found, 2 usage or configuration error (or no command), 3 the backend failed.';

function flagLines(flags: readonly FlagName[]): string[] {
  return flags.map((flag) => {
    const head = flag === 'help' ? '-h, --help' : `--${flag}${flag in VALUE_FLAGS ? ` ${VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS]}` : ''}`;
    return `  ${head.padEnd(26)}${FLAG_HELP[flag]}`;
  });
}

/** The top-level help: commands, configuration, flags, exit codes. */
export function mainUsage(): string {
  return [
    'Usage: decocache <command> [arguments] [flags]',
    '',
    'Reads and invalidates what a decocache application stores. Configuration is read like',
    'Cache.fromEnv: CACHE_TYPE, CACHE_REDIS_URL (HOST/PORT/PASSWORD/DB), CACHE_REDIS_SENTINELS,',
    'CACHE_REDIS_CLUSTER, CACHE_MEMCACHED_SERVERS (USERNAME/PASSWORD), MEMCACHIER_*, CACHE_DIR,',
    'CACHE_KEY_PREFIX, CACHE_DEFAULT_TIMEOUT, plus CACHE_HASH_METHOD; flags, after the command, win.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.synopsis}`.padEnd(38)}${c.summary}`),
    '',
    'Flags of every command:',
    ...flagLines(COMMON_FLAGS),
    '',
    EXIT_CODES,
    "Run 'decocache <command> --help' for a command's details.",
    '',
  ].join('\n');
}

/** One command's help. */
export function commandUsage(command: Command): string {
  return [
    `Usage: decocache ${command.name}${command.synopsis ? ` ${command.synopsis}` : ''} [flags]`,
    '',
    command.summary[0]!.toUpperCase() + command.summary.slice(1) + '.',
    ...command.help,
    '',
    'Flags:',
    ...flagLines([...command.flags, ...COMMON_FLAGS]),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}
