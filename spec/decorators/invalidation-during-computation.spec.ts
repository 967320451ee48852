import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';

/** A function whose runs wait until released, returning the source value read when they started. */
function gated() {
  let source = 'old';
  const gates: (() => void)[] = [];
  const run = async (id: number) => {
    const seen = source;
    await new Promise<void>((resolve) => gates.push(resolve));
    return `${seen}:${id}`;
  };
  // Newest first: the computation started before the invalidation finishes last, as a slow one would.
  return { run, setSource: (s: string) => (source = s), releaseAll: () => gates.splice(0).reverse().forEach((g) => g()) };
}

describe('invalidation while a computation is in flight', () => {
  it('deleteMemoized(fn, ...args) during a computation: a call made after it does not get that computation', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const g = gated();
    const load = cache.memoize()(async function inflightLoad(id: number) {
      return g.run(id);
    });
    const before = load(1);
    await new Promise((r) => setTimeout(r, 5));
    g.setSource('new');
    await cache.deleteMemoized(load, 1);
    const after = load(1);
    await new Promise((r) => setTimeout(r, 5));
    g.releaseAll();
    expect(await before).toBe('old:1');
    expect(await after).toBe('new:1');
    // The older computation finished last, but its result is not stored over the newer one.
    await new Promise((r) => setTimeout(r, 5));
    expect(await load(1)).toBe('new:1');
  });

  it('deleteMemoized(fn) during a computation: a call made after it does not get that computation', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const g = gated();
    const load = cache.memoize()(async function inflightAll(id: number) {
      return g.run(id);
    });
    const before = load(1);
    await new Promise((r) => setTimeout(r, 5));
    g.setSource('new');
    await cache.deleteMemoized(load);
    const after = load(1);
    await new Promise((r) => setTimeout(r, 5));
    g.releaseAll();
    expect(await before).toBe('old:1');
    expect(await after).toBe('new:1');
  });

  it('deleteCached during a computation: a request made after it does not get that computation', async () => {
    const cache = new Cache({ type: 'SimpleCache' });
    const g = gated();
    const view = cache.cached({ keyPrefix: 'inflight-view' })(async function inflightView() {
      return g.run(0);
    });
    const before = view();
    await new Promise((r) => setTimeout(r, 5));
    g.setSource('new');
    await cache.deleteCached(view);
    const after = view();
    await new Promise((r) => setTimeout(r, 5));
    g.releaseAll();
    expect(await before).toBe('old:0');
    expect(await after).toBe('new:0');
    await new Promise((r) => setTimeout(r, 5));
    expect(await view()).toBe('new:0');
  });
});
