import type { Cluster, Redis } from 'ioredis';

/** Which connections own keys: every master of a cluster, or the one standalone/sentinel client. */
export async function masters(client: Redis | Cluster, waitMs: number): Promise<Redis[]> {
  if (!isCluster(client)) return [client];
  await whenReady(client, waitMs);
  const nodes = client.nodes('master');
  if (nodes.length === 0) throw new Error('the Redis cluster reports no master nodes');
  return nodes;
}

/** Whether the client is an ioredis Cluster (its multi-key commands must not cross slots). */
export function isCluster(client: Redis | Cluster): client is Cluster {
  return client.isCluster;
}

// nodes() is only populated once the cluster client has loaded the slot map.
function whenReady(client: Cluster, waitMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      if (err) reject(err);
      else resolve();
    };
    const onReady = (): void => done();
    const onEnd = (): void => done(new Error('the Redis cluster connection has ended'));
    const timer = setTimeout(() => done(new Error(`the Redis cluster was not ready within ${waitMs} ms`)), waitMs);
    client.once('ready', onReady);
    client.once('end', onEnd);
  });
}

/**
 * Runs one single-key command per key, all in flight at once (one round trip of latency, and no
 * CROSSSLOT errors). Keys whose command failed are left out; when every one failed, the first error
 * is thrown so the caller sees a backend failure rather than an empty success.
 */
export async function perKey<T>(keys: readonly string[], run: (key: string) => Promise<T>): Promise<{ key: string; value: T }[]> {
  const settled = await Promise.allSettled(keys.map(run));
  const ok: { key: string; value: T }[] = [];
  let firstError: unknown;
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') ok.push({ key: keys[i]!, value: s.value });
    else firstError ??= s.reason;
  });
  if (ok.length === 0 && keys.length > 0) throw firstError;
  return ok;
}


/**
 * SCANs one node for `match` and UNLINKs what it finds, a batch per SCAN page; never KEYS, so a
 * large keyspace does not block the server. Cluster nodes get one UNLINK per key in a pipeline,
 * because a multi-key UNLINK across slots fails even on a single node.
 */
export async function unlinkMatching(node: Redis, match: string, singleKeyOnly: boolean): Promise<number> {
  let count = 0;
  for await (const keys of scanPages(node, match)) {
    if (!singleKeyOnly) {
      count += await node.unlink(...keys);
      continue;
    }
    const replies = (await node.pipeline(keys.map((k) => ['unlink', k])).exec()) ?? [];
    for (const [err, n] of replies) {
      if (err) throw err;
      count += Number(n);
    }
  }
  return count;
}

/** The keys of one node matching `match`, a SCAN page at a time (never KEYS); empty pages are skipped. */
export async function* scanPages(node: Redis, match: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/** Every key of one node matching `match`, each once (SCAN may return a key twice). */
export async function scanKeys(node: Redis, match: string): Promise<Set<string>> {
  const found = new Set<string>();
  for await (const keys of scanPages(node, match)) for (const key of keys) found.add(key);
  return found;
}
