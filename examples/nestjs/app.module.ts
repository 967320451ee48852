import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CacheViewInterceptor, DecocacheModule } from 'decocache/nestjs';
import { CatalogController } from './catalog.controller.js';
import { CatalogService } from './catalog.service.js';

const redisUrl = process.env['CACHE_REDIS_URL'];

@Module({
  imports: [
    // Redis when CACHE_REDIS_URL is set, else in process; closed when the app shuts down.
    DecocacheModule.forRoot(redisUrl ? { type: 'RedisCache', redisUrl, keyPrefix: 'nest-example:' } : { type: 'SimpleCache' }),
  ],
  controllers: [CatalogController],
  // App-wide: every route marked @CacheView is cached, the others pass through.
  providers: [CatalogService, { provide: APP_INTERCEPTOR, useClass: CacheViewInterceptor }],
})
export class AppModule {}
