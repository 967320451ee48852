import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { configFromArgs } from '../../src/cli/config.js';

const logger = { warn: () => {}, error: () => {} };
const config = (argv: string[], env: Record<string, string> = {}) => {
  const { logger: _, ...rest } = configFromArgs(env, parseArgs(argv), logger);
  return rest;
};

describe('decocache command line: parseArgs', () => {
  it('takes flags after the command, as --name value or --name=value; the last repeated flag wins', () => {
    const parsed = parseArgs(['set', 'k', '1', '--timeout', '5', '--key-prefix=a_', '--json', '--key-prefix', 'b_']);
    expect(parsed).toMatchObject({ command: 'set', positionals: ['k', '1'], values: { timeout: '5', 'key-prefix': 'b_' } });
    expect([...parsed.switches]).toEqual(['json']);
  });

  it('reads -1 as an argument, and anything after -- as arguments', () => {
    expect(parseArgs(['set', 'n', '-1']).positionals).toEqual(['n', '-1']);
    expect(parseArgs(['get', '--', '--odd-key']).positionals).toEqual(['--odd-key']);
  });

  it('refuses a flag before the command, an unknown flag, a missing value and a value given to a switch', () => {
    for (const argv of [['--json', 'get', 'x'], ['get', 'x', '--nope'], ['get', 'x', '-x'], ['set', 'k', '1', '--timeout'], ['keys', '--json=1']]) {
      expect(() => parseArgs(argv), argv.join(' ')).toThrow(UsageError);
    }
  });
});

describe('decocache command line: configuration', () => {
  it('reads the environment as Cache.fromEnv does, plus CACHE_HASH_METHOD', () => {
    expect(config(['keys'], { CACHE_REDIS_URL: 'redis://127.0.0.1:1', CACHE_KEY_PREFIX: 'app_', CACHE_HASH_METHOD: 'md5' })).toEqual({
      type: 'RedisCache',
      redisUrl: 'redis://127.0.0.1:1',
      keyPrefix: 'app_',
      hashMethod: 'md5',
    });
  });

  it('flags win over their variables, and a backend located by flags wins over one the environment implies', () => {
    const env = { CACHE_TYPE: 'RedisCache', CACHE_REDIS_URL: 'redis://127.0.0.1:1', CACHE_KEY_PREFIX: 'env_', CACHE_HASH_METHOD: 'md5' };
    expect(config(['keys', '--memcached-servers', '127.0.0.1:2', '--key-prefix', 'flag_', '--hash-method', 'sha1'], env)).toMatchObject({
      type: 'MemcachedCache',
      memcachedServers: '127.0.0.1:2',
      keyPrefix: 'flag_',
      hashMethod: 'sha1',
    });
    expect(config(['keys', '--dir', '/tmp/x'], env)).toMatchObject({ type: 'FileSystemCache', dir: '/tmp/x' });
    expect(config(['keys', '--type', 'SimpleCache'], env)).toMatchObject({ type: 'SimpleCache' });
    expect(config(['keys', '--memcached-servers', '127.0.0.1:2'], { MEMCACHIER_SERVERS: 'mc.example:11211' })).toMatchObject({ type: 'MemcachedCache', memcachedServers: '127.0.0.1:2' });
  });

  it('nothing set is a SimpleCache, as for Cache.fromEnv', () => {
    expect(config(['keys'])).toEqual({ type: 'SimpleCache' });
  });
});
