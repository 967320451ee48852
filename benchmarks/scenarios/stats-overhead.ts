import type { Cache } from '../../src/index.js';
import { memoized, record } from '../lib/hit-group.js';
import { sequential, type Case, type Context, type Group, type GroupSpec } from '../lib/measure.js';
import type { Work } from '../lib/peers.js';
import { decocache } from '../lib/subjects.js';

const ARGS = [42, 'en-GB'];

/** The baseline of the stats group: the in-memory hit as this checkout builds it. */
export const STATS_BASELINE = 'decocache memoize(fn), as built';

/**
 * How each row's cache differs from the baseline. Issue 14 (stats) adds its variants here: with
 * counting switchable, a `{ name, extra: { <the off switch> } }` row; with counting always on, run
 * `--group stats-overhead --ref=DIR` with DIR a checkout of the commit before stats, whose rows
 * then show what counting added, measured interleaved.
 */
interface Variant {
  name: string;
  /** Config fields added to the SimpleCache config. */
  extra?: Record<string, unknown>;
  /** Done to the cache after it is built (e.g. a listener). */
  setup?: (cache: Cache) => void;
}

const VARIANTS: Variant[] = [
  { name: STATS_BASELINE },
  { name: 'decocache memoize(fn), a hit listener', setup: (cache) => void cache.events.on('hit', () => {}) },
];

/**
 * Issue 14's slot: what counting hits costs the in-memory hit (target ≤ 5%). Optional: run it with
 * `npm run bench -- --group stats-overhead`.
 */
async function statsGroup(ctx: Context): Promise<Group> {
  const work: Work = async (...a) => record(a[0]);
  const cases: Case[] = [];
  for (const build of ctx.builds) {
    for (const v of build.kind === 'ref' ? VARIANTS.slice(0, 1) : VARIANTS) {
      const cache = decocache(build, 'memory', undefined, { extra: v.extra });
      ctx.onClose(() => cache.close());
      v.setup?.(cache);
      const { fn } = memoized(cache, work);
      await fn(...ARGS);
      cases.push({ name: build.kind === 'ref' ? `${v.name} (ref)` : v.name, kind: build.kind, run: sequential(() => fn(...ARGS)) });
    }
  }
  return { id: 'stats-overhead', scenario: 'stats-overhead', backend: 'memory', title: 'hit (42, "en-GB"), in memory: what counting costs', baseline: STATS_BASELINE, cases };
}

/** Issue 14's stats overhead (optional group). */
export const statsOverhead: GroupSpec[] = [{ id: 'stats-overhead', optional: true, build: statsGroup }];
