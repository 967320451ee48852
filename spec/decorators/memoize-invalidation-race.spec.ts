import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { ChaosBackend } from '../helpers/chaos-backend.js';

describe('a memoized read racing deleteMemoized', () => {
  it('a read in flight when deleteMemoized(fn) completes never returns the entry of the old version', async () => {
    // ChaosBackend has no peek(), so every read takes the round trip with remembered versions.
    const backend = new ChaosBackend();
    const cache = new Cache({ type: backend });
    let source = 'old';
    const load = cache.memoize()(async function raceLoad(id: number) {
      return `${source}:${id}`;
    });
    expect(await load(1)).toBe('old:1');
    expect(await load(1)).toBe('old:1');
    // The next read asks for versions and the guessed entry together; hold it until the bump is done.
    const release = backend.holdNext('getMany');
    const reading = load(1);
    source = 'new';
    await cache.deleteMemoized(load);
    release();
    // The reply carries the new version beside the old entry: it must not be trusted.
    expect(await reading).toBe('new:1');
    expect(await load(1)).toBe('new:1');
  });
});
