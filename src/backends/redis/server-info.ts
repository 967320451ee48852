/** The counters `decocache stats` reads from one Redis server's INFO. */
export interface ServerCounters {
  /** `used_memory`: bytes the server has allocated. */
  bytes: number;
  /** `keyspace_hits`: lookups that found a key, since the server started. */
  hits: number;
  /** `keyspace_misses`: lookups that found nothing. */
  misses: number;
}

/** Reads used_memory, keyspace_hits and keyspace_misses out of an INFO reply (`name:value` lines); a missing field counts 0. */
export function serverCounters(info: string): ServerCounters {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const number = (name: string) => Number(fields.get(name) ?? 0) || 0;
  return { bytes: number('used_memory'), hits: number('keyspace_hits'), misses: number('keyspace_misses') };
}
