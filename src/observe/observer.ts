/** Where a hit was answered: the in-process local tier, or the shared backend. */
export type HitTier = 'local' | 'shared';

/**
 * What kind of error a call met: `circuit_open` (the breaker skipped the backend), `timeout`
 * (slower than `operationTimeout`), or the error's class name (`BackendError`, `TypeError`, ...).
 */
export type ErrorKind = string;

/** What one observer does with the outcomes of one decorated function; built once per function name. */
export interface FunctionObserver {
  /** A decorated call was answered from the cache. */
  hit(tier: HitTier): void;
  /** A decorated call found nothing usable and ran the function. */
  miss(): void;
  /** A stale value was served (grace) instead of running the function or failing. */
  stale(): void;
  /** A backend error was swallowed (fail-open) or re-thrown (`debug`). */
  error(kind: ErrorKind): void;
}

/** Reports one backend call: the operation, the backend's name, how long it took in ms, and whether it failed. */
export type BackendTimer = (operation: string, backend: string, ms: number, failed: boolean) => void;

/**
 * Something that watches a Cache (the OpenTelemetry bridge, a test): outcomes of decorated calls
 * by function name and, when `backendCall` is present, the duration of every backend call.
 */
export interface CacheObserver {
  /** The observer of one function's outcomes; asked once per name, then kept. */
  forFunction(fname: string): FunctionObserver;
  /** Called after each backend call; present only when durations are wanted (timing costs two clock reads per call). */
  backendCall?: BackendTimer;
}
