import { describe, expect, it } from 'vitest';
import { Cache, type CacheConfig } from '../../src/index.js';
import { ChaosBackend } from '../helpers/chaos-backend.js';

/** A logger that keeps every line by level. */
function capturing() {
  const lines: { level: 'debug' | 'warn' | 'error'; message: string }[] = [];
  return {
    lines,
    debugLines: () => lines.filter((l) => l.level === 'debug').map((l) => l.message),
    debug: (message: string) => void lines.push({ level: 'debug', message }),
    warn: (message: string) => void lines.push({ level: 'warn', message }),
    error: (message: string) => void lines.push({ level: 'error', message }),
  };
}

let runs = 0;
// One function decorated in each test's cache: the same source under one name is no name clash.
async function addOne(n: number) {
  runs++;
  return n + 1;
}

function memoizedIn(config: CacheConfig) {
  const cache = new Cache(config);
  const before = runs;
  return { cache, add: cache.memoize()(addOne), runs: () => runs - before };
}

describe('logHits: true', () => {
  it('logs every decorated miss and hit through logger.debug with the function name and the full key', async () => {
    const logger = capturing();
    const { add } = memoizedIn({ type: 'SimpleCache', keyPrefix: 'app_', logHits: true, logger });
    await add(1);
    await add(1);
    const key = `app_${await add.makeCacheKey(undefined, 1)}`;
    expect(logger.debugLines()).toEqual([`decocache: miss addOne ${key}`, `decocache: hit addOne ${key}`]);
  });

  it('logs @cached calls too', async () => {
    const logger = capturing();
    const cache = new Cache({ logHits: true, logger });
    const home = cache.cached({ keyPrefix: 'home' })(async function homePage() {
      return 'home';
    });
    await home();
    await home();
    expect(logger.debugLines()).toEqual(['decocache: miss homePage home', 'decocache: hit homePage home']);
  });

  it('still fails open: a backend error is logged as a warning and the function runs', async () => {
    const logger = capturing();
    const backend = new ChaosBackend();
    const { add, runs } = memoizedIn({ type: backend, logHits: true, logger, circuitBreaker: false });
    backend.mode = 'throw';
    expect(await add(1)).toBe(2);
    expect(runs()).toBe(1);
    expect(logger.lines.some((l) => l.level === 'warn' && /ran uncached/.test(l.message))).toBe(true);
  });

  it('logs nothing without logHits or debug', async () => {
    const logger = capturing();
    const { add } = memoizedIn({ logger });
    await add(1);
    await add(1);
    expect(logger.debugLines()).toEqual([]);
  });

  it('is validated: a non-boolean, or a logger without debug(), throws TypeError naming logHits', () => {
    expect(() => new Cache({ logHits: 'yes' as unknown as boolean })).toThrow(/logHits must be a boolean/);
    expect(() => new Cache({ logHits: true, logger: { warn: () => {}, error: () => {} } })).toThrow(/logHits writes through logger\.debug/);
  });
});

describe('debug: true', () => {
  it('logs hits and misses like logHits and re-throws backend errors', async () => {
    const logger = capturing();
    const backend = new ChaosBackend();
    const { add } = memoizedIn({ type: backend, debug: true, logger, circuitBreaker: false });
    await add(1);
    await add(1);
    expect(logger.debugLines().map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(['decocache: miss addOne', 'decocache: hit addOne']);
    backend.mode = 'throw';
    await expect(add(2)).rejects.toThrow(/chaos/);
  });
});
