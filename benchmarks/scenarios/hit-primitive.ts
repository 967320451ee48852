import { hitGroup } from '../lib/hit-group.js';
import type { Scenario } from '../lib/measure.js';

/**
 * The common case: a memoized call with two primitive arguments that hits. In memory the
 * question is overhead over a Map; on Redis and memcached it is whether a hit stays one round trip.
 */
export const hitPrimitive: Scenario = {
  id: 'hit-primitive',
  title: 'memoized hit, two primitive arguments',
  async groups(ctx) {
    const args = [42, 'en-GB'];
    return [
      await hitGroup(ctx, this.id, 'memory', 'hit (42, "en-GB"), in memory', args, 256),
      await hitGroup(ctx, this.id, 'redis', 'hit (42, "en-GB"), Redis', args, 4),
      await hitGroup(ctx, this.id, 'memcached', 'hit (42, "en-GB"), memcached', args, 4),
    ];
  },
};
