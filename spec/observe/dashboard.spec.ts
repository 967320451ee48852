import { readFileSync } from 'node:fs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { instrument } from '../../src/integrations/otel.js';

class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The name the OpenTelemetry collector's Prometheus exporter gives a metric: dots to underscores, the unit spelled out (annotations in braces dropped), `_total` on counters. */
function prometheusName(name: string, unit: string, counter: boolean): string {
  const units: Record<string, string> = { ms: 'milliseconds', s: 'seconds', By: 'bytes' };
  const suffix = unit.startsWith('{') || unit === '' ? '' : `_${units[unit] ?? unit}`;
  return `${name.replace(/\./g, '_')}${suffix}${counter ? '_total' : ''}`;
}

describe('examples/grafana/decocache-dashboard.json', () => {
  it('queries exactly the series instrument() produces, under their Prometheus names', async () => {
    const reader = new ManualReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const cache = new Cache();
    instrument(cache, { meterProvider });
    const f = cache.memoize()(async function dashboardCheck() {
      return 1;
    });
    await f();
    await f();
    cache.outcomes.recordStale('dashboardCheck');
    cache.outcomes.recordError('dashboardCheck', new Error('down'));
    const { resourceMetrics } = await reader.collect();
    const produced = new Set<string>();
    const labels = new Set<string>();
    for (const metric of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
      const { name, unit } = metric.descriptor;
      for (const point of metric.dataPoints) for (const key of Object.keys(point.attributes)) labels.add(key.replace(/\./g, '_'));
      if (name === 'decocache.backend.duration') for (const part of ['bucket', 'count', 'sum']) produced.add(`${prometheusName(name, unit, false)}_${part}`);
      else produced.add(prometheusName(name, unit, true));
    }
    await meterProvider.shutdown();
    const dashboard = JSON.parse(readFileSync(new URL('../../examples/grafana/decocache-dashboard.json', import.meta.url), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const queried = new Set(dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/decocache_[a-z_]+(?=\{)/g) ?? []));
    expect([...queried].sort()).toEqual(
      ['decocache_backend_duration_milliseconds_bucket', 'decocache_backend_duration_milliseconds_count', 'decocache_errors_total', 'decocache_hits_total', 'decocache_misses_total', 'decocache_stale_total'].sort(),
    );
    for (const name of queried) expect(produced, name).toContain(name);
    const grouped = new Set(dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/\b(?:decocache_[a-z]+|error_type)(?![a-z_]*\{)/g) ?? []));
    expect([...grouped].sort()).toEqual(['decocache_backend', 'decocache_function', 'decocache_operation', 'decocache_tier', 'error_type']);
    for (const label of grouped) expect(labels, label).toContain(label);
  });
});
