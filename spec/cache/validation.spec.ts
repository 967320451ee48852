import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { fresh } from '../helpers/memory-cache.js';

describe('validation: TypeErrors that name the field', () => {
  it('rejects bad config fields at construction, before anything connects', () => {
    expect(() => new Cache({ type: 'Bogus' as never })).toThrow(/type/);
    expect(() => new Cache({ defaultTimeout: -1 })).toThrow(/defaultTimeout/);
    expect(() => new Cache({ defaultTimeout: Number.NaN })).toThrow(/defaultTimeout/);
    expect(() => new Cache({ defaultTimeout: '300' as never })).toThrow(/defaultTimeout/);
    expect(() => new Cache({ keyPrefix: 1 as never })).toThrow(/keyPrefix/);
    expect(() => new Cache({ threshold: -1 })).toThrow(/threshold/);
    expect(() => new Cache({ hashMethod: 'sha3' as never })).toThrow(/hashMethod/);
    expect(() => new Cache({ serializer: 'json' as never })).toThrow(/serializer/);
    expect(() => new Cache({ operationTimeout: 0 })).toThrow(/operationTimeout/);
    expect(() => new Cache({ logger: {} as never })).toThrow(/logger/);
    expect(() => new Cache({ type: 'RedisCache', redisPort: 70000 })).toThrow(/redisPort/);
    expect(() => new Cache({ type: 'RedisCache', redisUrl: 'http://localhost' })).toThrow(/redisUrl/);
    expect(() => new Cache({ ignoreErrors: 'yes' as never })).toThrow(/ignoreErrors/);
    expect(() => new Cache({ bogus: 1 } as never)).toThrow(/unknown field "bogus"/);
    expect(() => new Cache('SimpleCache' as never)).toThrow(TypeError);
  });

  it('init() validates too', () => {
    expect(() => new Cache().init({ defaultTimeout: -5 })).toThrow(/defaultTimeout/);
  });

  it('proxy calls reject non-string keys and bad timeouts with TypeError', async () => {
    const cache = fresh();
    await expect(cache.get(1 as never)).rejects.toThrow(/keys must be strings/);
    await expect(cache.set({} as never, 1)).rejects.toThrow(TypeError);
    await expect(cache.getMany('a', 2 as never)).rejects.toThrow(TypeError);
    await expect(cache.set('k', 1, -1)).rejects.toThrow(/timeout/);
    await expect(cache.set('k', 1, Number.NaN)).rejects.toThrow(/timeout/);
    await expect(cache.add('k', 1, '5' as never)).rejects.toThrow(/timeout/);
    expect(await cache.has('k')).toBe(false);
  });

  it('values that cannot be stored reject with TypeError', async () => {
    const cache = fresh();
    const loop: Record<string, unknown> = {};
    loop['loop'] = loop;
    await expect(cache.set('fn', () => 1)).rejects.toThrow(TypeError);
    await expect(cache.set('loop', loop)).rejects.toThrow(TypeError);
  });
});
