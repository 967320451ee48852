import { metrics, type Attributes, type Counter, type MeterProvider } from '@opentelemetry/api';
import type { Cache } from '../cache.js';
import type { CacheObserver, ErrorKind, FunctionObserver, HitTier } from '../observe/observer.js';

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Where the instruments come from; default the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
}

/**
 * Bucket bounds of `decocache.backend.duration` in ms: an in-process call takes microseconds, a
 * Redis round trip a fraction of a millisecond, a call at `operationTimeout` a second.
 */
export const DURATION_BUCKETS_MS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

interface Counters {
  hits: Counter;
  misses: Counter;
  stale: Counter;
  errors: Counter;
}

/** The backend name counters are labelled with; it becomes known for sure once the backend answers a call. */
class BackendLabel {
  version = 0;
  constructor(public name: string) {}

  /** Takes the name a backend call reported, relabelling the counters when it changed (after `init()`). */
  seen(name: string): void {
    if (name === this.name) return;
    this.name = name;
    this.version++;
  }
}

/** One function's counters, with their attribute sets built once (again only when the backend name changes). */
class FunctionMetrics implements FunctionObserver {
  #version = -1;
  #plain: Attributes = {};
  #shared: Attributes = {};
  #local: Attributes = {};
  readonly #errors = new Map<ErrorKind, Attributes>();

  constructor(
    readonly fname: string,
    readonly counters: Counters,
    readonly backend: BackendLabel,
  ) {}

  hit(tier: HitTier): void {
    this.#sync();
    this.counters.hits.add(1, tier === 'local' ? this.#local : this.#shared);
  }

  miss(): void {
    this.#sync();
    this.counters.misses.add(1, this.#plain);
  }

  stale(): void {
    this.#sync();
    this.counters.stale.add(1, this.#plain);
  }

  error(kind: ErrorKind): void {
    this.#sync();
    let attributes = this.#errors.get(kind);
    if (attributes === undefined) this.#errors.set(kind, (attributes = { ...this.#plain, 'error.type': kind }));
    this.counters.errors.add(1, attributes);
  }

  #sync(): void {
    if (this.#version === this.backend.version) return;
    this.#version = this.backend.version;
    // Outcomes outside any function (an error of a cached-view middleware key) carry no function attribute.
    const base: Attributes = this.fname === '' ? {} : { 'decocache.function': this.fname };
    this.#plain = { ...base, 'decocache.backend': this.backend.name };
    this.#shared = { ...this.#plain, 'decocache.tier': 'shared' };
    this.#local = { ...this.#plain, 'decocache.tier': 'local' };
    this.#errors.clear();
  }
}

/**
 * Records a Cache's decorated-call outcomes and backend latency as OpenTelemetry metrics: the
 * counters `decocache.hits` (with `decocache.tier`), `decocache.misses`, `decocache.stale` and
 * `decocache.errors` (with `error.type`: `circuit_open`, `timeout` or the error's class), each with
 * `decocache.function` and `decocache.backend`, and the histogram
 * `decocache.backend.duration` (ms, with `decocache.backend` and `decocache.operation`). Returns a
 * function that stops recording; a cache never instrumented pays nothing for it.
 *
 * @example
 * const stop = instrument(cache, { meterProvider });
 * // on shutdown: stop();
 */
export function instrument(cache: Cache, options: InstrumentOptions = {}): () => void {
  if (typeof (cache as Partial<Cache> | undefined)?.outcomes?.attach !== 'function') {
    throw new TypeError('instrument(cache): the first argument must be a decocache Cache');
  }
  const provider = options.meterProvider ?? metrics.getMeterProvider();
  if (typeof provider?.getMeter !== 'function') throw new TypeError('instrument(): meterProvider must be an OpenTelemetry MeterProvider');
  const meter = provider.getMeter('decocache');
  const counter = (name: string, description: string) => meter.createCounter(name, { description, unit: '{call}' });
  const counters: Counters = {
    hits: counter('decocache.hits', 'Decorated calls answered from the cache'),
    misses: counter('decocache.misses', 'Decorated calls that ran the function'),
    stale: counter('decocache.stale', 'Stale values served under grace'),
    errors: counter('decocache.errors', 'Backend errors of decorated calls (failed open, or re-thrown under debug)'),
  };
  const duration = meter.createHistogram('decocache.backend.duration', {
    description: 'Duration of backend calls',
    unit: 'ms',
    advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_MS] },
  });
  const backend = new BackendLabel(configuredName(cache));
  cache.backend().then(
    (ready) => backend.seen(ready.name),
    () => {},
  );
  const observer: CacheObserver = {
    forFunction: (fname) => new FunctionMetrics(fname, counters, backend),
    backendCall(operation, name, ms) {
      backend.seen(name);
      duration.record(ms, { 'decocache.backend': name, 'decocache.operation': operation });
    },
  };
  return cache.outcomes.attach(observer);
}

/** The backend's name before it is ready: the configured type, or the name of the Backend instance given. */
function configuredName(cache: Cache): string {
  const type = cache.config.type;
  if (type === undefined) return 'SimpleCache';
  if (typeof type === 'string') return type;
  return typeof type === 'object' ? type.name : 'unknown';
}
