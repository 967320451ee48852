import { describe, expect, it, vi } from 'vitest';
import { BackendError, Cache, type CacheErrorEvent } from '../../src/index.js';
import { ChaosBackend } from '../helpers/chaos-backend.js';

const quiet = { warn: () => {}, error: () => {} };

function setup(options: { operationTimeout?: number; failures?: number; cooldownMs?: number; debug?: boolean } = {}) {
  const backend = new ChaosBackend();
  const cache = new Cache({
    type: backend,
    logger: quiet,
    operationTimeout: options.operationTimeout ?? 50,
    circuitBreaker: { failures: options.failures ?? 1000, cooldownMs: options.cooldownMs ?? 200 },
    debug: options.debug ?? false,
  });
  let computed = 0;
  const square = cache.memoize({ timeout: 60 })(async function square(n: number) {
    computed++;
    return n * n;
  });
  return { backend, cache, square, computed: () => computed };
}

describe('fail-open', () => {
  it('a backend that throws never breaks a memoized call, and reports an error event', async () => {
    const { backend, cache, square, computed } = setup();
    const errors: CacheErrorEvent[] = [];
    cache.events.on('error', (e) => errors.push(e));
    backend.mode = 'throw';
    expect(await square(3)).toBe(9);
    expect(await square(3)).toBe(9);
    expect(computed()).toBe(2);
    expect(errors[0]).toMatchObject({ kind: 'memoize' });
    expect(errors[0]!.error).toBeInstanceOf(BackendError);
  });

  it('a backend that stalls answers within operationTimeout plus the method time', async () => {
    const { backend, square } = setup({ operationTimeout: 50 });
    backend.mode = 'stall';
    const started = performance.now();
    expect(await square(4)).toBe(16);
    expect(performance.now() - started).toBeLessThan(50 + 150);
  });

  it('a stalled store still returns the fresh result within operationTimeout', async () => {
    const { backend, square } = setup({ operationTimeout: 50 });
    backend.mode = 'stall';
    backend.only = new Set(['set', 'touch']);
    const started = performance.now();
    expect(await square(5)).toBe(25);
    expect(performance.now() - started).toBeLessThan(50 + 150);
  });

  it('caching resumes once the backend recovers', async () => {
    const { backend, square, computed } = setup();
    backend.mode = 'throw';
    await square(6);
    backend.mode = 'ok';
    await square(6);
    await square(6);
    expect(computed()).toBe(2);
  });

  it('the circuit opens after repeated failures, skips the backend, and closes after the cool-down', async () => {
    const { backend, square, computed } = setup({ failures: 3, cooldownMs: 150, operationTimeout: 40 });
    backend.mode = 'stall';
    for (let i = 0; i < 3; i++) await square(i);
    const reached = backend.calls;
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect(await square(7)).toBe(49);
    expect(performance.now() - started).toBeLessThan(100);
    expect(backend.calls).toBe(reached);
    backend.mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 170));
    await square(8);
    await square(8);
    expect(backend.calls).toBeGreaterThan(reached);
    expect(computed()).toBe(3 + 20 + 1);
  });

  it('explicit proxy calls reject with BackendError (E_BACKEND, cause set)', async () => {
    const { backend, cache } = setup();
    backend.mode = 'throw';
    const error = await cache.get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'E_BACKEND' });
    expect((error as BackendError).cause).toBeInstanceOf(Error);
    backend.mode = 'stall';
    await expect(cache.set('k', 1)).rejects.toMatchObject({ code: 'E_BACKEND', cause: { code: 'E_TIMEOUT' } });
  });

  it('debug: true re-throws backend errors from decorated calls', async () => {
    const { backend, square } = setup({ debug: true });
    backend.mode = 'throw';
    await expect(square(2)).rejects.toBeInstanceOf(BackendError);
  });

  it('errors are logged through the configured logger', async () => {
    const backend = new ChaosBackend();
    const warn = vi.fn();
    const cache = new Cache({ type: backend, logger: { warn, error: () => {} } });
    const f = cache.memoize()(async function logged() {
      return 1;
    });
    backend.mode = 'throw';
    await f();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ran uncached'));
  });

  it('unless and responseFilter run outside the net: their errors reach the caller', async () => {
    const { cache } = setup();
    const f = cache.memoize({ unless: () => { throw new Error('unless broke'); } })(async function u() {
      return 1;
    });
    await expect(f()).rejects.toThrow('unless broke');
    const g = cache.memoize({ responseFilter: () => { throw new Error('filter broke'); } })(async function r() {
      return 1;
    });
    await expect(g()).rejects.toThrow('filter broke');
  });
});
