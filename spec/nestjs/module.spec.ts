import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache, getDefaultCache, Memoize } from '../../src/index.js';
import { CacheView, CacheViewInterceptor, DecocacheModule } from '../../src/integrations/nestjs/index.js';
import { ClosingBackend, PLATFORMS, startApp, type RunningApp } from './apps.js';

const running: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});
const start = async (...args: Parameters<typeof startApp>) => {
  const app = await startApp(...args);
  running.push(app);
  return app;
};

let computed = 0;

// The function form: legacy-decorator support for @Memoize comes separately (API.md §8).
const price = Memoize({ timeout: 60 })(async function price(id: number) {
  computed++;
  return id * 10;
});

@Injectable()
class PriceService {
  constructor(@Inject(Cache) readonly cache: Cache) {}

  price(id: number) {
    return price(id);
  }
}

@Controller()
class PricesController {
  constructor(@Inject(PriceService) private readonly prices: PriceService) {}

  @Get('price')
  async price() {
    return { price: await this.prices.price(4), computed };
  }

  @Get('cached')
  @CacheView()
  cached() {
    return { at: Math.random() };
  }

  @Get('not-cached')
  notCached() {
    return { at: Math.random() };
  }
}

/** Stands for an app's configuration module, whose provider the async factory needs. */
const SETTINGS = Symbol('settings');
@Module({ providers: [{ provide: SETTINGS, useValue: { keyPrefix: 'from-settings:' } }], exports: [SETTINGS] })
class SettingsModule {}

describe('DecocacheModule.forRoot(config)', () => {
  it('provides one Cache to every module, injectable by the Cache class, built from the config', async () => {
    const { app } = await start('express', { imports: [DecocacheModule.forRoot({ type: 'SimpleCache', keyPrefix: 'nest:' })], providers: [PriceService] });
    const cache = app.get(Cache);
    expect(cache).toBeInstanceOf(Cache);
    expect(app.get(PriceService).cache).toBe(cache);
    expect(cache.keyPrefix).toBe('nest:');
  });

  it('makes that Cache the default one, so @Memoize without a cache uses it', async () => {
    const { app, url } = await start('fastify', { imports: [DecocacheModule.forRoot({ type: 'SimpleCache' })], controllers: [PricesController], providers: [PriceService] });
    const cache = app.get(Cache);
    expect(getDefaultCache()).toBe(cache);
    const first = await (await fetch(`${url}/price`)).json();
    const second = await (await fetch(`${url}/price`)).json();
    expect(second).toEqual(first);
    expect(await cache.get(await price.makeCacheKey(undefined, 4))).toBe(40);
  });

  it('closes the cache when the application shuts down', async () => {
    const backend = new ClosingBackend();
    const app = await start('express', { imports: [DecocacheModule.forRoot({ type: () => backend })] });
    await app.app.get(Cache).set('k', 1);
    expect(backend.closed).toBe(false);
    await app.close();
    expect(backend.closed).toBe(true);
  });
});

describe('DecocacheModule.forRootAsync({ imports, useFactory, inject })', () => {
  it('builds the cache from the config the factory returns, with the injected providers', async () => {
    const { app } = await start('express', {
      imports: [
        DecocacheModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SETTINGS],
          useFactory: async (settings: { keyPrefix: string }) => ({ type: 'SimpleCache', keyPrefix: settings.keyPrefix }),
        }),
      ],
      providers: [PriceService],
    });
    const cache = app.get(Cache);
    expect(cache.keyPrefix).toBe('from-settings:');
    expect(app.get(PriceService).cache).toBe(cache);
    expect(getDefaultCache()).toBe(cache);
  });

  it('closes the cache it built when the application shuts down', async () => {
    const backend = new ClosingBackend();
    const app = await start('fastify', { imports: [DecocacheModule.forRootAsync({ useFactory: () => ({ type: () => backend }) })] });
    await app.close();
    expect(backend.closed).toBe(true);
  });

  it('rejects options without a useFactory with a TypeError that says what to pass', () => {
    expect(() => DecocacheModule.forRootAsync({} as never)).toThrow(/options\.useFactory must be a function/);
  });
});

describe.each(PLATFORMS)('CacheViewInterceptor as APP_INTERCEPTOR on platform-%s', (platform) => {
  it('caches the routes marked @CacheView and leaves the others alone', async () => {
    const { url } = await start(platform, {
      imports: [DecocacheModule.forRoot({ type: 'SimpleCache' })],
      controllers: [PricesController],
      providers: [PriceService, { provide: APP_INTERCEPTOR, useClass: CacheViewInterceptor }],
    });
    const body = async (path: string) => (await fetch(`${url}${path}`)).json();
    expect(await body('/cached')).toEqual(await body('/cached'));
    expect(await body('/not-cached')).not.toEqual(await body('/not-cached'));
  });
});

describe('@CacheView', () => {
  it('rejects an unknown option when the class is defined', () => {
    expect(() => CacheView({ timeout: 5, querystring: true } as never)).toThrow(/@CacheView\(\): unknown option "querystring"/);
  });
});
