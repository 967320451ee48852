import { metrics } from '@opentelemetry/api';
import { DataPointType, MeterProvider, MetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { Cache } from '../../src/index.js';
import { instrument } from '../../src/integrations/otel.js';
import { ChaosBackend } from '../helpers/chaos-backend.js';

/** A reader the spec collects from by hand. */
class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const quiet = { warn: () => {}, error: () => {} };
const opened: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

function meter() {
  const reader = new ManualReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  opened.push(() => meterProvider.shutdown());
  const read = async (name: string): Promise<MetricData | undefined> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  };
  /** The sum of a counter's points whose attributes include `where`. */
  const count = async (name: string, where: Record<string, string> = {}) =>
    ((await read(name))?.dataPoints as DataPoint<number>[] | undefined)
      ?.filter((p) => Object.entries(where).every(([k, v]) => p.attributes[k] === v))
      .reduce((sum, p) => sum + p.value, 0) ?? 0;
  const histogram = async (name: string) => ((await read(name))?.dataPoints ?? []) as DataPoint<Histogram>[];
  return { meterProvider, read, count, histogram };
}

describe('instrument(cache, { meterProvider })', () => {
  it('counts memoized hits and misses with function, tier and backend attributes (SimpleCache)', async () => {
    const { meterProvider, count } = meter();
    const cache = new Cache({ type: 'SimpleCache' });
    instrument(cache, { meterProvider });
    const squared = cache.memoize()(async function square(n: number) {
      return n * n;
    });
    await squared(2);
    await squared(2);
    await squared(2);
    await squared(3);
    expect(await count('decocache.hits', { 'decocache.function': 'square', 'decocache.tier': 'shared', 'decocache.backend': 'SimpleCache' })).toBe(2);
    expect(await count('decocache.misses', { 'decocache.function': 'square', 'decocache.backend': 'SimpleCache' })).toBe(2);
  });

  it('times the stores of memoized misses on SimpleCache, which write in place only while no one times them', async () => {
    const { meterProvider, histogram } = meter();
    const cache = new Cache({ type: 'SimpleCache' });
    const squared = cache.memoize()(async function squareTimed(n: number) {
      return n * n;
    });
    await squared(1);
    instrument(cache, { meterProvider });
    await squared(2);
    const sets = (await histogram('decocache.backend.duration')).filter((p) => p.attributes['decocache.operation'] === 'set');
    expect(sets.reduce((n, p) => n + p.value.count, 0)).toBe(1);
  });

  it('records hits, misses and backend durations of memoized calls on a real Redis', async () => {
    const { host, port } = inject('redis');
    const { meterProvider, count, histogram, read } = meter();
    const cache = new Cache({ type: 'RedisCache', redisHost: host, redisPort: port, keyPrefix: `otel_${process.pid}_` });
    opened.push(async () => {
      await cache.clear();
      await cache.close();
    });
    instrument(cache, { meterProvider });
    class Catalog {
      @cache.memoize({ timeout: 60 })
      async product(id: number) {
        return { id };
      }
    }
    const catalog = new Catalog();
    await catalog.product(1);
    await catalog.product(1);
    await catalog.product(1);
    const where = { 'decocache.function': 'Catalog.product', 'decocache.backend': 'RedisCache' };
    expect(await count('decocache.hits', { ...where, 'decocache.tier': 'shared' })).toBe(2);
    expect(await count('decocache.misses', where)).toBe(1);
    const points = await histogram('decocache.backend.duration');
    expect(points.every((p) => p.attributes['decocache.backend'] === 'RedisCache')).toBe(true);
    const reads = points.filter((p) => p.attributes['decocache.operation'] === 'getMany');
    expect(reads.reduce((n, p) => n + p.value.count, 0)).toBeGreaterThanOrEqual(3);
    expect(reads[0]!.value.sum).toBeGreaterThan(0);
    const descriptor = (await read('decocache.backend.duration'))!;
    expect(descriptor.descriptor.unit).toBe('ms');
    expect(descriptor.dataPointType).toBe(DataPointType.HISTOGRAM);
  });

  it('counts fail-open backend errors under decocache.errors, not misses', async () => {
    const { meterProvider, count } = meter();
    const backend = new ChaosBackend();
    const cache = new Cache({ type: backend, logger: quiet, circuitBreaker: false });
    instrument(cache, { meterProvider });
    const looked = cache.memoize()(async function lookup() {
      return 1;
    });
    backend.mode = 'throw';
    await looked();
    expect(await count('decocache.errors', { 'decocache.function': 'lookup', 'decocache.backend': 'ChaosCache', 'error.type': 'BackendError' })).toBe(1);
    expect(await count('decocache.misses')).toBe(0);
  });

  it('tells timeouts and calls the open circuit skipped apart by error.type', async () => {
    const { meterProvider, count } = meter();
    const backend = new ChaosBackend();
    const cache = new Cache({ type: backend, logger: quiet, operationTimeout: 20, circuitBreaker: { failures: 1, cooldownMs: 60_000 } });
    instrument(cache, { meterProvider });
    const slow = cache.memoize()(async function slowBackend() {
      return 1;
    });
    backend.mode = 'stall';
    await slow();
    await slow();
    await slow();
    expect(await count('decocache.errors', { 'error.type': 'timeout' })).toBe(1);
    expect(await count('decocache.errors', { 'error.type': 'circuit_open', 'decocache.function': 'slowBackend' })).toBe(2);
  });

  it('counts stale values and local-tier hits that the fleet features report', async () => {
    const { meterProvider, count } = meter();
    const cache = new Cache();
    instrument(cache, { meterProvider });
    cache.outcomes.recordStale('catalog');
    cache.outcomes.recordHit('catalog', 'local');
    expect(await count('decocache.stale', { 'decocache.function': 'catalog' })).toBe(1);
    expect(await count('decocache.hits', { 'decocache.function': 'catalog', 'decocache.tier': 'local' })).toBe(1);
  });

  it('the returned function stops recording, and an uninstrumented cache reads no clock', async () => {
    const { meterProvider, count, histogram } = meter();
    const cache = new Cache();
    const stop = instrument(cache, { meterProvider });
    const f = cache.memoize()(async function stopped(n: number) {
      return n;
    });
    await f(1);
    stop();
    const clock = vi.spyOn(performance, 'now');
    await f(1);
    await f(2);
    await cache.set('x', 1);
    expect(clock).not.toHaveBeenCalled();
    clock.mockRestore();
    expect(await count('decocache.misses')).toBe(1);
    expect(await count('decocache.hits')).toBe(0);
    const recorded = (await histogram('decocache.backend.duration')).reduce((n, p) => n + p.value.count, 0);
    await cache.get('x');
    expect((await histogram('decocache.backend.duration')).reduce((n, p) => n + p.value.count, 0)).toBe(recorded);
    expect(cache.stats().hits).toBe(1);
  });

  it('uses the global MeterProvider when none is given', async () => {
    const { meterProvider, count } = meter();
    metrics.setGlobalMeterProvider(meterProvider);
    opened.push(async () => metrics.disable());
    const cache = new Cache();
    instrument(cache);
    const f = cache.memoize()(async function globalMeter() {
      return 1;
    });
    await f();
    expect(await count('decocache.misses', { 'decocache.function': 'globalMeter' })).toBe(1);
  });

  it('a throwing observer never fails the call it observes', async () => {
    const cache = new Cache();
    cache.outcomes.attach({
      forFunction: () => ({
        hit: () => {
          throw new Error('observer broke');
        },
        miss: () => {
          throw new Error('observer broke');
        },
        stale: () => {},
        error: () => {},
      }),
      backendCall: () => {
        throw new Error('timer broke');
      },
    });
    const f = cache.memoize()(async function observed() {
      return 7;
    });
    expect(await f()).toBe(7);
    expect(await f()).toBe(7);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('rejects what is not a Cache', () => {
    expect(() => instrument({} as Cache)).toThrow(TypeError);
  });
});
