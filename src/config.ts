import type { CacheConfig } from './types.js';
import { describeValue } from './errors.js';
import { checkTimeout } from './timeout.js';
import { inferFromClient } from './backends/registry.js';
import { resolveBus } from './fleet/with-local-tier.js';

const BACKEND_NAMES = new Set([
  'NullCache', 'SimpleCache', 'FileSystemCache', 'RedisCache', 'RedisSentinelCache', 'RedisClusterCache',
  'MemcachedCache', 'SASLMemcachedCache', 'SpreadSASLMemcachedCache', 'KeyvCache',
]);
const HASH_NAMES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

type Check = (value: unknown) => string | undefined;
const string: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'a boolean');
const port: Check = (v) => (Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536 ? undefined : 'a port number (1-65535)');
const natural: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'an integer >= 0');
const positiveMs: Check = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'a number of milliseconds > 0');
const object: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object');
const nodes: Check = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.every((n) => typeof n === 'object' && n !== null && typeof n.host === 'string' && Number.isInteger(n.port)))
    ? undefined
    : "'host:port,host:port' or an array of { host, port }";
const positiveInteger: Check = (v) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'an integer > 0');
const seconds: Check = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'a number of seconds > 0');
const redisUrl: Check = (v) => (typeof v === 'string' && /^(rediss?|unix):\/\//.test(v) ? undefined : 'a redis://, rediss:// or unix:// URL');
const localChecks: Record<string, Check> = { maxEntries: positiveInteger, maxBytes: positiveInteger, ttl: seconds };
const servers: Check = (v) => (typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')) ? undefined : "'host:port,...' or an array of 'host:port' strings");

const checks: Record<keyof CacheConfig, Check> = {
  type: (v) =>
    (typeof v === 'string' && BACKEND_NAMES.has(v)) || typeof v === 'function' || isBackendLike(v)
      ? undefined
      : `one of ${[...BACKEND_NAMES].join(', ')}, a Backend instance or a factory function`,
  defaultTimeout: (v) => {
    checkTimeout(v, 'defaultTimeout');
    return undefined;
  },
  keyPrefix: string,
  threshold: natural,
  dir: string,
  ignoreErrors: boolean,
  sourceCheck: boolean,
  hashMethod: (v) => (typeof v === 'function' || HASH_NAMES.has(v as string) ? undefined : `one of ${[...HASH_NAMES].join(', ')} or a function`),
  serializer: (v) => (isSerializerLike(v) ? undefined : 'an object with dumps(value) and loads(raw) methods'),
  redisUrl,
  redisHost: string,
  redisPort: port,
  redisPassword: string,
  redisDb: natural,
  redisSentinels: nodes,
  redisSentinelMaster: string,
  redisSentinelPassword: string,
  redisCluster: nodes,
  memcachedServers: servers,
  memcachedUsername: string,
  memcachedPassword: string,
  client: (v) => (typeof v === 'object' && v !== null ? undefined : 'a client object'),
  options: object,
  operationTimeout: positiveMs,
  circuitBreaker: (v) =>
    v === false || (typeof v === 'object' && v !== null && [(v as Record<string, unknown>)['failures'], (v as Record<string, unknown>)['cooldownMs']].every((n) => n === undefined || (typeof n === 'number' && n > 0)))
      ? undefined
      : 'false or { failures?: number > 0, cooldownMs?: number > 0 }',
  logger: (v) => (typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)['warn'] === 'function' && typeof (v as Record<string, unknown>)['error'] === 'function' ? undefined : 'an object with warn() and error()'),
  debug: boolean,
  logHits: boolean,
  allowClearAll: boolean,
  local: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object: { maxEntries?, maxBytes?, ttl? }';
    for (const [field, value] of Object.entries(v)) {
      const check = localChecks[field];
      if (!check) throw new TypeError(`Cache config: unknown field "local.${field}"; local takes maxEntries, maxBytes and ttl`);
      const expected = value === undefined ? undefined : check(value);
      if (expected) throw new TypeError(`Cache config: local.${field} must be ${expected}, got ${describeValue(value)}`);
    }
    return undefined;
  },
  bus: (v) =>
    typeof v === 'boolean' || (typeof v === 'object' && v !== null && Object.keys(v).every((k) => k === 'redisUrl') && redisUrl((v as { redisUrl?: unknown }).redisUrl) === undefined)
      ? undefined
      : "true, false, or { redisUrl: 'redis://...' }",
};

/**
 * Checks every field of a config before anything connects: an unknown field or a value of the
 * wrong type throws a TypeError that names the field and says what it takes.
 */
export function validateConfig(config: unknown): CacheConfig {
  if (config === undefined) return {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError(`Cache config must be an object, got ${describeValue(config)}`);
  }
  for (const [field, value] of Object.entries(config)) {
    const check = checks[field as keyof CacheConfig];
    if (!check) throw new TypeError(`Cache config: unknown field "${field}"; see CacheConfig for the fields there are`);
    if (value === undefined) continue;
    const expected = check(value);
    if (expected) throw new TypeError(`Cache config: ${field} must be ${expected}, got ${describeValue(value)}`);
  }
  const typed = config as CacheConfig;
  if (typed.logHits && typed.logger && typeof typed.logger.debug !== 'function') {
    throw new TypeError('Cache config: logHits writes through logger.debug, which this logger lacks; give it a debug() method or drop logHits');
  }
  if (typed.type === 'FileSystemCache' && !typed.dir) throw new TypeError('Cache config: dir is required for FileSystemCache (the cache directory)');
  checkFleet(typed);
  return typed;
}

const REDIS_NAMES = new Set(['RedisCache', 'RedisSentinelCache', 'RedisClusterCache']);
const IN_PROCESS_NAMES = new Set(['SimpleCache', 'NullCache']);

/** `bus` needs `local`; `local` over a backend named in the config must fit it (the rest is checked once the backend is built). */
function checkFleet(config: CacheConfig): void {
  if (config.local === undefined) {
    if (config.bus !== undefined && config.bus !== false) throw new TypeError('Cache config: bus needs local: the bus keeps local tiers in step, so set local: { maxEntries } too, or drop bus');
    return;
  }
  const name = typeof config.type === 'string' ? config.type : config.type === undefined ? (inferFromClient(config.client) ?? 'SimpleCache') : undefined;
  if (name !== undefined) resolveBus({ name, shared: !IN_PROCESS_NAMES.has(name), redis: REDIS_NAMES.has(name) }, config);
}

function isBackendLike(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return ['get', 'set', 'delete', 'getMany', 'setMany', 'has', 'clear'].every((m) => typeof b[m] === 'function');
}

function isSerializerLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { dumps?: unknown }).dumps === 'function' && typeof (v as { loads?: unknown }).loads === 'function';
}
