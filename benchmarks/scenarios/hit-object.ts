import { hitGroup } from '../lib/hit-group.js';
import type { Scenario } from '../lib/measure.js';

/** A filter object of 20 fields, mixed types, as a search or report method would take. */
export function twentyFields(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) {
    const k = `field${String(i).padStart(2, '0')}`;
    out[k] = i % 4 === 0 ? i : i % 4 === 1 ? `value-${i}` : i % 4 === 2 ? i % 3 === 0 : [i, i + 1];
  }
  return out;
}

/**
 * A hit keyed on an object argument: decocache sorts the keys and reprs every field, then hashes;
 * the peers key with JSON.stringify (p-memoize's documented choice), which is cheaper but depends
 * on insertion order, or with serialize-javascript + md5 (type-cacheable).
 */
export const hitObject: Scenario = {
  id: 'hit-object',
  title: 'memoized hit, one object argument of 20 fields',
  async groups(ctx) {
    const args = [twentyFields()];
    return [
      await hitGroup(ctx, this.id, 'memory', 'hit ({20 fields}), in memory', args, 64),
      await hitGroup(ctx, this.id, 'redis', 'hit ({20 fields}), Redis', args, 4),
    ];
  },
};
