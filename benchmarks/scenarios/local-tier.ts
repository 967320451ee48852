import { commandsPerCall, memoized, record } from '../lib/hit-group.js';
import { sequential, type Case, type Context, type Group, type GroupSpec } from '../lib/measure.js';
import { jsonKey, twoTierBento, type Work } from '../lib/peers.js';
import { decocache, ready, type Build } from '../lib/subjects.js';

const ARGS = [42, 'en-GB'];

/** The baseline of the local-tier group: issue 12 asks for a local-tier hit ≤ 2× this. */
export const LOCAL_BASELINE = 'decocache @memoize method, SimpleCache';
/** The row issue 12 judges, present once `local` is accepted and answers hits without Redis. */
export const LOCAL_ROW = 'decocache @memoize method, Redis + local tier';
/** The peer issue 12 asks to beat by 10×. */
export const BENTO_TWO_TIER = 'bentocache getOrSet (L1 memory + L2 redis + bus)';

/** The `local` option of shared/API.md §6, as issue 12 will build it. */
const LOCAL = { local: { maxEntries: 10_000 } };

/**
 * A Redis-backed memoized method with the local tier of issue 12, or why there is none yet: the
 * constructor rejects `local` as an unknown field until the option lands, and a tier that still
 * sends a command per hit is not a local tier.
 */
async function localTierMethod(ctx: Context, build: Build, work: Work): Promise<Work | string> {
  let cache;
  try {
    cache = await ready(decocache(build, 'redis', ctx.servers, { extra: LOCAL }));
  } catch (error) {
    return `not available yet (${error instanceof Error ? error.message : String(error)})`;
  }
  ctx.onClose(() => cache.close());
  // Until its bus is subscribed a tier passes every read to Redis: measure the tier it becomes.
  const tier = (await cache.backend()) as { trusted?: boolean };
  for (let waited = 0; tier.trusted === false && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  const { method } = memoized(cache, work);
  await method(...ARGS);
  const commands = await commandsPerCall(ctx, method, ARGS);
  return commands === 0 ? method : `not measured: a hit still sends ${commands} Redis commands`;
}

/**
 * Issue 12's slot: a memoized method hit answered in process on a Redis-backed cache (the local
 * tier) against the SimpleCache hit and bentocache's two-tier cache on the same Redis. Every row
 * is answered in process, so the group is measured like the in-memory ones (the Redis hit is in
 * `redis-hit`: its ratio to an in-process hit follows the network's load, not the code). Until
 * the local tier lands the group measures the other two and says why the third row is missing;
 * it needs no edit to pick the row up.
 */
async function localTierGroup(ctx: Context): Promise<Group> {
  const work: Work = async (...a) => record(a[0]);
  const cases: Case[] = [];
  const facts: Record<string, string> = {};
  for (const build of ctx.builds) {
    const suffix = build.kind === 'ref' ? ' (ref)' : '';
    const memory = decocache(build, 'memory', undefined);
    ctx.onClose(() => memory.close());
    const onMemory = memoized(memory, work).method;
    await onMemory(...ARGS);
    cases.push({ name: `${LOCAL_BASELINE}${suffix}`, kind: build.kind, run: sequential(() => onMemory(...ARGS)) });
    const local = await localTierMethod(ctx, build, work);
    if (typeof local === 'string') facts[`${LOCAL_ROW}${suffix}`] = local;
    else cases.push({ name: `${LOCAL_ROW}${suffix}`, kind: build.kind, run: sequential(() => local(...ARGS)) });
  }
  const bento = twoTierBento(ctx.servers.newRedis, ctx.servers.redisPort);
  ctx.onClose(() => bento.close());
  const wrapped = bento.wrap(work, jsonKey);
  await wrapped(...ARGS);
  cases.push({ name: BENTO_TWO_TIER, kind: 'peer', run: sequential(() => wrapped(...ARGS)) });
  const title = 'hit (42, "en-GB") in process on a Redis-backed cache (local tier)';
  return { id: 'local-tier', scenario: 'local-tier', backend: 'redis', inProcess: true, title, baseline: LOCAL_BASELINE, cases, facts };
}

/** Issue 12's local-tier hit, beside bentocache L1 + L2. */
export const localTier: GroupSpec[] = [{ id: 'local-tier', build: localTierGroup }];
