import { hitGroup } from '../lib/hit-group.js';
import type { GroupSpec } from '../lib/measure.js';

/** A filter object of 20 fields, mixed types, as a search or report method would take. */
export function twentyFields(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < 20; i++) {
    const k = `field${String(i).padStart(2, '0')}`;
    out[k] = i % 4 === 0 ? i : i % 4 === 1 ? `value-${i}` : i % 4 === 2 ? i % 3 === 0 : [i, i + 1];
  }
  return out;
}

const SCENARIO = 'hit-object';

/**
 * A hit keyed on an object argument: decocache's first call sorts the keys, reprs every field and
 * hashes; a repeated call walks the fields through its args memo instead (every value read again,
 * no text built). The peers key with JSON.stringify (p-memoize's documented choice), which depends
 * on insertion order, or with serialize-javascript + md5 (type-cacheable).
 */
export const hitObject: GroupSpec[] = [
  { id: 'object-hit', build: (ctx) => hitGroup(ctx, { id: 'object-hit', scenario: SCENARIO, kind: 'memory', title: 'hit ({20 fields}), in memory', args: [twentyFields()] }) },
  { id: 'object-hit-redis', build: (ctx) => hitGroup(ctx, { id: 'object-hit-redis', scenario: SCENARIO, kind: 'redis', title: 'hit ({20 fields}), Redis', args: [twentyFields()] }) },
];
