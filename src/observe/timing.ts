import type { BackendTimer } from './observer.js';
import { swallow } from './probe.js';

/**
 * Runs one backend call and reports its duration in ms when it settles (`failed` when it
 * rejected). Only called while an observer wants durations, so an uninstrumented cache reads
 * no clock.
 */
export function timed<T>(timer: BackendTimer, operation: string, backendName: () => string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const pending = run();
  const report = (failed: boolean) => swallow(() => timer(operation, backendName(), performance.now() - start, failed));
  pending.then(
    () => report(false),
    () => report(true),
  );
  return pending;
}
