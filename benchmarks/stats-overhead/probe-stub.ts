// The B build of benchmarks/stats-overhead.ts: src/observe/probe.ts with counting stubbed out, so
// the two builds differ only by what recording an outcome costs. The bundler plugin sends every
// other `probe.js` import here.
import { FunctionProbe as CountingProbe, swallow, type OutcomeLog, type ProbeOwner } from '../../src/observe/probe.js';
import type { HitTier } from '../../src/observe/observer.js';

export { swallow, type OutcomeLog, type ProbeOwner };

/** The real probe with recording turned into no-ops. */
export class FunctionProbe extends CountingProbe {
  override recordHit(_tier: HitTier, _key?: string): void {}
  override recordMiss(_key?: string): void {}
  override recordStale(): void {}
  override recordError(): void {}
}
