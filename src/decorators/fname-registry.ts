/** One decorated function's claim on a cache name. */
export interface Registration {
  /** `memoize` and `cached` keys never meet, so each kind has its own names. */
  kind: 'memoize' | 'cached';
  /** Where it was decorated (stack positions, see decoration-site.ts), or `undefined` when the stack could not be read. */
  site: string | undefined;
  /** Its source text (`Function.prototype.toString`). */
  source: string;
}

const claims = new Map<string, Registration>();

/**
 * Claims `fname` for one decorated function in this process. Two functions under one name would
 * share keys and answer each other's calls, and JavaScript has no module name to tell them apart,
 * so a second claim throws a TypeError naming `fname` and the `namespace` option, unless it comes
 * from the same place (a hot reload or a re-evaluated module, even with edited source) or has the
 * same source text (the same code run again); that claim replaces the first and shares its entries.
 */
export function claim(fname: string, registration: Registration): void {
  const name = `${registration.kind} ${fname}`;
  const previous = claims.get(name);
  if (previous !== undefined && !samePlace(previous, registration)) {
    throw new TypeError(
      `two different functions use the cache name "${fname}" (${where(previous)} and ${where(registration)}): they would share ` +
        `cache entries and answer each other's calls. Set a distinct \`namespace\` option on one, e.g. ${registration.kind}({ namespace: 'orders' })`,
    );
  }
  claims.set(name, registration);
}

function samePlace(a: Registration, b: Registration): boolean {
  return a.source === b.source || (a.site !== undefined && a.site === b.site);
}

function where(registration: Registration): string {
  const first = registration.site?.split(' < ')[0];
  return first === undefined ? 'decorated where the stack could not be read' : `decorated at ${first}`;
}
