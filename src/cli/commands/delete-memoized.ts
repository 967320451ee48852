import type { Cache } from '../../cache.js';
import { newVersion } from '../../keys/hash.js';
import { cacheIdentity } from '../../keys/identity.js';
import { functionVersionKey, instanceVersionKey, memoizeKeyParts, type MemoizeKeySpec } from '../../keys/memoize-key.js';
import { Exit } from '../args.js';
import type { Command } from './command.js';
import { parseJson } from './entries.js';

/**
 * `delete-memoized FNAME [JSON_ARG...] [--identity ID]`: what `deleteMemoized` does in the
 * application, from the function's name. Keys come from the library's own key scheme
 * (memoizeKeyParts, repr, the hash), so they are the ones the application's calls use.
 */
export const deleteMemoizedCommand: Command = {
  name: 'delete-memoized',
  synopsis: 'FNAME [JSON_ARG...]',
  summary: 'invalidate a memoized function everywhere, or one entry',
  help: [
    'FNAME is the name keys are built from: [namespace.]Class.method, or the function name.',
    'Without arguments, gives the function a new version, as deleteMemoized(fn) does: every entry of',
    'every instance misses in every process. With --identity ID (the instance\'s [cacheIdentity]()',
    'value) it does that for one instance, as deleteMemoizedInstance does.',
    'With arguments (JSON, one per argument), deletes exactly the entry of that call, as',
    'deleteMemoized(fn, ...args) does; exit 1 if there was none. A static method takes its class',
    'name first, as deleteMemoized(C.m, C, ...args) does; an instance method needs --identity ID.',
    'Use --hash-method (or CACHE_HASH_METHOD) when the application uses another digest. makeName,',
    'argsToIgnore and sourceCheck change keys in ways only the application knows: use its own',
    'deleteMemoized for functions that set them.',
    'Examples: decocache delete-memoized Catalog.product',
    "          decocache delete-memoized Catalog.byRegion Catalog '\"eu\"'       # static method",
    "          decocache delete-memoized PriceService.price '\"sku-1\"' --identity PriceService:eu",
  ],
  flags: ['identity'],
  arity: [1, Infinity],
  async run({ cache, args, flags, out }) {
    const [fname, ...texts] = args as [string, ...string[]];
    const identity = flags.values.identity;
    if (texts.length === 0) {
      const versionKey = identity === undefined ? functionVersionKey(fname) : instanceVersionKey(fname, identity);
      await cache.set(versionKey, newVersion());
      const whose = identity === undefined ? `every entry of ${fname}` : `every entry of ${fname} for identity ${identity}`;
      out.result(`invalidated ${whose} (new version at ${versionKey})`, { fname, identity: identity ?? null, versionKey, invalidated: 'all' });
      return Exit.done;
    }
    const values = texts.map((text, i) => (i === 0 && isClassOf(fname, text) ? text : parseJson(text, `argument ${i + 1}`, 'delete-memoized')));
    const key = await entryKey(cache, fname, identity, values);
    const deleted = key !== undefined && (await cache.delete(key));
    const call = `${fname}(${texts.join(', ')})${identity === undefined ? '' : ` of ${identity}`}`;
    if (!deleted && !out.json) out.note(`no entry of ${call}`);
    out.result(deleted ? [`deleted the entry of ${call} (${key})`] : [], { fname, identity: identity ?? null, args: values, key: key ?? null, deleted });
    return deleted ? Exit.done : Exit.notFound;
  },
};

/** A static method's class name may be given bare (`Catalog`, not `'"Catalog"'`): it is the segment before the method name. */
function isClassOf(fname: string, text: string): boolean {
  const parts = fname.split('.');
  return parts.length >= 2 && parts[parts.length - 2] === text;
}

/**
 * The entry key of one call under the versions stored now, or `undefined` when a version is
 * missing (then no entry can be reachable). A static method's class name is simply its first
 * argument: the key text of `C.m` called as `(C, ...args)` is the one of a function called with
 * `("C", ...args)`.
 */
async function entryKey(cache: Cache, fname: string, identity: string | undefined, args: readonly unknown[]): Promise<string | undefined> {
  const spec: MemoizeKeySpec = { placement: identity === undefined ? 'function' : 'method', params: [], ignored: new Set(), ignoreThis: false, makeName: undefined };
  const self = identity === undefined ? undefined : { [cacheIdentity]: () => identity };
  const parts = memoizeKeyParts(spec, fname, cache.hashMethod, self, args, undefined);
  const versions = await cache.getMany(...parts.versionKeys);
  if (versions.some((v) => typeof v !== 'string')) return undefined;
  return parts.hash + versions.join('');
}
