import { Injectable } from '@nestjs/common';
import { Cache, Memoize, deleteMemoized } from 'decocache';

/** A product as the (pretend) database returns it. */
export interface Product {
  id: number;
  name: string;
  price: number;
  computedAt: string;
}

let computed = 0;

// Memoized on the default cache, which DecocacheModule sets; the slow lookup runs once per id.
const loadProduct = Memoize({ timeout: 120, namespace: 'catalog' })(async function product(id: number): Promise<Product> {
  computed++;
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { id, name: `product ${id}`, price: id * 10, computedAt: new Date().toISOString() };
});

@Injectable()
export class CatalogService {
  // Nest injects the Cache that DecocacheModule provides, by its class.
  constructor(private readonly cache: Cache) {}

  /** A product, from the cache after the first call. */
  product(id: number): Promise<Product> {
    return loadProduct(id);
  }

  /** How many times a product was computed, to see the hits. */
  get computed(): number {
    return computed;
  }

  /** Drops one product's entry, so the next call computes it again. */
  invalidate(id: number): Promise<boolean> {
    return deleteMemoized(loadProduct, id);
  }

  /** Counts visits with the cache's atomic increment. */
  visit(): Promise<number> {
    return this.cache.inc('visits');
  }
}
