import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { WireBackend } from '../helpers/fleet-fakes.js';

// Orderings of memoized reads against deleteMemoized that the fleet consistency run found, made
// deterministic with a backend whose replies the spec releases by hand.

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('memoize against a concurrent deleteMemoized(fn)', () => {
  it('a call after deleteMemoized(fn) completed never returns the old entry, even when older reads reset the remembered version', async () => {
    const wire = new WireBackend();
    const cache = new Cache({ type: wire, logger: { warn: () => {}, error: () => {} } });
    let truth = 1;
    const price = cache.memoize({ timeout: 60 })(async function racedPrice(id: number) {
      return { id, truth };
    });
    await price(1);
    await price(2);

    // R1 reads versions and entry; its reply (the old version) comes only after the invalidation.
    wire.holding = true;
    const first = price(1);
    await settle();
    truth = 2;
    const invalidation = cache.deleteMemoized(price);
    await settle();
    await wire.release(1); // the new version is stored: deleteMemoized resolves
    await invalidation;
    await wire.release(0); // R1 sees the old version and remembers it
    await settle();
    while (wire.held.length > 0) await wire.release(0);
    await first;

    // R2 (for id 1) starts after the invalidation and guesses with the old version; R3 (for id 2)
    // reads the new version and remembers it before R2's reply is read.
    const second = price(1);
    await settle();
    const third = price(2);
    await settle();
    await wire.release(1);
    await wire.release(0);
    wire.holding = false;
    while (wire.held.length > 0) await wire.release(0);
    expect(await second).toEqual({ id: 1, truth: 2 });
    expect(await third).toEqual({ id: 2, truth: 2 });
  });
});
