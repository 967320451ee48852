import { hitGroup } from '../lib/hit-group.js';
import type { GroupSpec } from '../lib/measure.js';

const ARGS = [42, 'en-GB'];
const SCENARIO = 'hit-primitive';

/**
 * The common case: a memoized call with two primitive arguments that hits. In memory the
 * question is overhead over a Map; on Redis and memcached it is what decocache adds to the raw
 * client's own read and decode of the same stored value.
 */
export const hitPrimitive: GroupSpec[] = [
  { id: 'memory-hit', build: (ctx) => hitGroup(ctx, { id: 'memory-hit', scenario: SCENARIO, kind: 'memory', title: 'hit (42, "en-GB"), in memory', args: ARGS }) },
  { id: 'redis-hit', build: (ctx) => hitGroup(ctx, { id: 'redis-hit', scenario: SCENARIO, kind: 'redis', title: 'hit (42, "en-GB"), Redis', args: ARGS }) },
  { id: 'memcached-hit', build: (ctx) => hitGroup(ctx, { id: 'memcached-hit', scenario: SCENARIO, kind: 'memcached', title: 'hit (42, "en-GB"), memcached', args: ARGS }) },
];
