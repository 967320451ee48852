import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * A vitest sequencer that starts the given spec files first, in the given order, then the rest in
 * vitest's own order (longest first by the last run's durations, else largest file first). Vitest
 * knows durations only from its cache under node_modules, which a fresh clone (CI) lacks; there a
 * long spec started last would run alone at the end while the other workers sit idle.
 */
export function slowFirst(paths: readonly string[]): new (...args: ConstructorParameters<typeof BaseSequencer>) => BaseSequencer {
  return class SlowFirstSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      const rank = (spec: TestSpecification): number => {
        const at = paths.indexOf(relative(this.ctx.config.root, spec.moduleId).replaceAll('\\', '/'));
        return at === -1 ? paths.length : at;
      };
      return sorted
        .map((spec, order) => ({ spec, order, rank: rank(spec) }))
        .sort((a, b) => a.rank - b.rank || a.order - b.order)
        .map(({ spec }) => spec);
    }
  };
}
