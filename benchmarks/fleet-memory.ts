// Memory of the local tier under a million distinct keys: every key is read once through a
// TwoTierBackend (a miss that fills the tier) over a shared backend that stores nothing and
// answers each key with a fresh string, as Redis replies are. After a full GC the heap the tier
// holds must stay within 10% of the configured bound: maxBytes as accounted (entryBytes), and
// maxEntries at the bytes the same entries account for. Not part of `npm test`.
//
//   NODE_OPTIONS=--expose-gc npx vite-node benchmarks/fleet-memory.ts -- --keys=1000000
import { Buffer } from 'node:buffer';
import { BaseBackend } from '../src/index.js';
import { LocalTier, entryBytes } from '../src/fleet/local-tier.js';
import { TwoTierBackend } from '../src/fleet/two-tier.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc');
const keys = Number(process.argv.find((a) => a.startsWith('--keys='))?.slice(7) ?? 1_000_000);

/** A shared backend that holds nothing: every read is answered with a new string derived from the key. */
class Generated extends BaseBackend {
  readonly name = 'Generated';
  override readonly shared = true;
  constructor(readonly char = 'x') {
    super();
  }
  async get(key: string) {
    // Decoded from bytes like an ioredis reply: one flat string, not a tree of concatenated parts.
    return Buffer.from(`{"id":"${key}","payload":"${this.char.repeat(40 + ((key.length * 7) % 200))}"}`).toString('utf8');
  }
  override async getMany(ks: readonly string[]) {
    return Promise.all(ks.map((k) => this.get(k)));
  }
  async set() {
    return true;
  }
  async delete() {
    return true;
  }
  async has() {
    return false;
  }
  async clear() {
    return true;
  }
}

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

async function run(label: string, bounds: { maxEntries: number; maxBytes: number }, char = 'x'): Promise<void> {
  const before = heap();
  const local = new LocalTier({ ...bounds, ttlMs: 3_600_000 });
  const tier = new TwoTierBackend({ shared: new Generated(char), ownsShared: true, local });
  const prefix = 'decocache_';
  for (let i = 0; i < keys; i += 100) {
    const batch: string[] = [];
    for (let j = i; j < i + 100 && j < keys; j++) batch.push(prefix + `Catalog.product/${j.toString(36)}`);
    await tier.getMany(batch);
  }
  const held = heap() - before;
  const bound = Number.isFinite(bounds.maxBytes) ? bounds.maxBytes : local.bytes;
  const sample = entryBytes('decocache_Catalog.product/abcd', await new Generated(char).get('decocache_Catalog.product/abcd'));
  console.log(
    `${label}: ${keys} keys read; tier holds ${local.size} entries, ${(local.bytes / 1e6).toFixed(1)} MB accounted ` +
      `(~${sample} B per entry); heap held after GC ${(held / 1e6).toFixed(1)} MB = ${((held / bound) * 100).toFixed(0)}% of ` +
      `${Number.isFinite(bounds.maxBytes) ? 'maxBytes' : 'the accounted bytes'} -> ${held <= bound * 1.1 ? 'PASS' : 'MISS'} (within 110%)`,
  );
  // Keep the tier alive until measured.
  if (local.size < 0) console.log(tier.name);
}

console.log(`Node ${process.version}, ${keys} distinct keys`);
await run('maxBytes 50 MB', { maxEntries: Infinity, maxBytes: 50_000_000 });
await run('maxEntries 100000', { maxEntries: 100_000, maxBytes: Infinity });
// Text beyond Latin-1 is stored two bytes a character: the case the accounting is sized for.
await run('maxBytes 50 MB, Cyrillic values', { maxEntries: Infinity, maxBytes: 50_000_000 }, 'ж');
