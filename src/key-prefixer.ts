const MAX_PREFIXED = 4096;

/**
 * `prefix + key`, built once per key: the keys of a hot memoized call are the same string objects
 * on every hit (the version keys and the remembered entry key), so the prefixed string, and the
 * hash a Map computes for it (the local tier's, memcached's wire keys), are reused instead of made
 * anew on every hit. A full table is dropped whole.
 */
export function keyPrefixer(prefix: string): (key: string) => string {
  if (prefix === '') return (key) => key;
  const built = new Map<string, string>();
  return (key) => {
    let full = built.get(key);
    if (full === undefined) {
      if (built.size >= MAX_PREFIXED) built.clear();
      full = prefix + key;
      built.set(key, full);
    }
    return full;
  };
}
