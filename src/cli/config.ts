import { configFromEnv } from '../env.js';
import type { CacheConfig, HashMethod, Logger } from '../types.js';
import type { ParsedArgs } from './args.js';

/** Which environment variable each backend flag stands for. */
const FLAG_ENV = {
  type: 'CACHE_TYPE',
  'redis-url': 'CACHE_REDIS_URL',
  'memcached-servers': 'CACHE_MEMCACHED_SERVERS',
  dir: 'CACHE_DIR',
  'key-prefix': 'CACHE_KEY_PREFIX',
} as const;

/**
 * The Cache config of one run, read like `Cache.fromEnv` from the environment with the flags laid
 * over it: a flag wins over its variable, and a backend named by flags alone (`--dir`, without
 * `--type`) wins over one the environment implies. `CACHE_HASH_METHOD` or `--hash-method` give
 * the digest the application's memoize keys use.
 */
export function configFromArgs(env: Record<string, string | undefined>, args: ParsedArgs, logger: Logger): CacheConfig {
  const fromFlags: Record<string, string> = {};
  for (const [flag, name] of Object.entries(FLAG_ENV)) {
    const value = args.values[flag as keyof typeof FLAG_ENV];
    if (value !== undefined) fromFlags[name] = value;
  }
  const merged: Record<string, string | undefined> = { ...env, ...fromFlags };
  // MEMCACHIER_SERVERS would otherwise win over the flag's CACHE_MEMCACHED_SERVERS.
  if (fromFlags['CACHE_MEMCACHED_SERVERS'] !== undefined) merged['MEMCACHIER_SERVERS'] = undefined;
  const locatedByFlags = Object.keys(fromFlags).some((name) => name !== 'CACHE_TYPE' && name !== 'CACHE_KEY_PREFIX');
  if (locatedByFlags && fromFlags['CACHE_TYPE'] === undefined) merged['CACHE_TYPE'] = configFromEnv(fromFlags).type as string;
  const config = configFromEnv(merged);
  const hashMethod = args.values['hash-method'] ?? (env['CACHE_HASH_METHOD'] || undefined);
  if (hashMethod !== undefined) config.hashMethod = hashMethod as HashMethod;
  config.logger = logger;
  return config;
}
