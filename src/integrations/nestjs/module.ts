import { Inject, Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type OnApplicationShutdown, type OptionalFactoryDependency } from '@nestjs/common';
import { Cache } from '../../cache.js';
import { setDefaultCache } from '../../default-cache.js';
import type { CacheConfig } from '../../types.js';

/** Options of `DecocacheModule.forRootAsync`: a factory of the cache config and what it needs injected. */
export interface DecocacheAsyncOptions {
  /** Modules whose providers `inject` names (e.g. `ConfigModule`). */
  imports?: ModuleMetadata['imports'];
  /** Builds the config from the injected providers, in the order of `inject`. */
  useFactory: (...deps: never[]) => CacheConfig | Promise<CacheConfig>;
  /** Providers handed to `useFactory`. */
  inject?: (InjectionToken | OptionalFactoryDependency)[];
}

/**
 * A global module providing one `Cache` (inject it by the `Cache` class), made the default cache
 * of `@Memoize`/`@Cached`, and closed on application shutdown: on `app.close()`, or on SIGTERM and
 * SIGINT once `app.enableShutdownHooks()` was called.
 *
 * @example
 * @Module({ imports: [DecocacheModule.forRoot({ type: 'RedisCache', redisUrl: process.env.REDIS_URL })] })
 * export class AppModule {}
 */
export class DecocacheModule implements OnApplicationShutdown {
  constructor(private readonly cache: Cache) {}

  /** Registers the cache built from `config`. */
  static forRoot(config: CacheConfig = {}): DynamicModule {
    return moduleWith([], () => defaultCache(config), []);
  }

  /** Registers the cache built from the config `useFactory` returns, with `inject`ed providers. */
  static forRootAsync(options: DecocacheAsyncOptions): DynamicModule {
    if (typeof options?.useFactory !== 'function') {
      throw new TypeError('DecocacheModule.forRootAsync(options): options.useFactory must be a function returning the cache config');
    }
    const factory = options.useFactory as (...deps: unknown[]) => CacheConfig | Promise<CacheConfig>;
    return moduleWith(options.imports ?? [], async (...deps: unknown[]) => defaultCache(await factory(...deps)), options.inject ?? []);
  }

  /** Closes the connections the cache opened, after Nest has stopped taking requests. */
  async onApplicationShutdown(): Promise<void> {
    await this.cache.close();
  }
}

function moduleWith(imports: NonNullable<ModuleMetadata['imports']>, useFactory: (...deps: unknown[]) => Cache | Promise<Cache>, inject: NonNullable<DecocacheAsyncOptions['inject']>): DynamicModule {
  return { module: DecocacheModule, global: true, imports, providers: [{ provide: Cache, useFactory, inject }], exports: [Cache] };
}

function defaultCache(config: CacheConfig): Cache {
  const cache = new Cache(config);
  setDefaultCache(cache);
  return cache;
}

// Applied as functions so that this file compiles without experimentalDecorators.
Module({})(DecocacheModule);
Inject(Cache)(DecocacheModule, undefined, 0);
