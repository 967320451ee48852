import { Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { Cache } from 'decocache';
import { CacheView, deleteCachedView } from 'decocache/nestjs';
import { CatalogService, type Product } from './catalog.service.js';

@Controller()
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly cache: Cache,
  ) {}

  /** The whole response is cached for 30 s under view//; the render time shows it. */
  @Get()
  @CacheView({ timeout: 30, responseHitIndication: true })
  async index(): Promise<{ renderedAt: string; visits: number; try: string[] }> {
    return {
      renderedAt: new Date().toISOString(),
      visits: await this.catalog.visit(),
      try: ['/products/1', '/search?q=tea&page=1', '/search?page=1&q=tea', 'POST /products/1/invalidate'],
    };
  }

  /** Not a cached view: the memoized service call makes the second request fast. */
  @Get('products/:id')
  async product(@Param('id', ParseIntPipe) id: number): Promise<{ product: Product; computedSoFar: number }> {
    return { product: await this.catalog.product(id), computedSoFar: this.catalog.computed };
  }

  /** Cached per query string, in any order of its arguments. */
  @Get('search')
  @CacheView({ timeout: 60, queryString: true, responseHitIndication: true })
  search(@Query('q') q = ''): { q: string; results: string[]; computedAt: string } {
    return { q, results: q ? [`${q} one`, `${q} two`] : [], computedAt: new Date().toISOString() };
  }

  /** Invalidates one product and the cached index page. */
  @Post('products/:id/invalidate')
  async invalidate(@Param('id', ParseIntPipe) id: number): Promise<{ product: boolean; index: boolean }> {
    return { product: await this.catalog.invalidate(id), index: await deleteCachedView(this.cache, { path: '/' }) };
  }
}
