import type { Backend, PeekedEntry } from '../backends/backend.js';
import { defaultSerializer, type Serializer } from './serializer.js';
import { copyDecoded } from './value-copy.js';
import { keyPrefixer } from '../key-prefixer.js';

/**
 * Reads one key synchronously: a copy of the decoded value, or `undefined` when missing or
 * expired at `now` (ms). Throws when the stored value cannot be decoded.
 */
export type InPlaceRead = (key: string, now: number) => unknown;

/**
 * The synchronous read of a backend that declares `peek` (or, with `which: 'peekStale'`, its
 * local tier's possibly stale copies), or `undefined` for every other backend.
 * With the default serializer the decoded value is kept in the entry beside the stored string
 * (checked against it, so `inc` or a rewrite is never served stale) and each read returns a copy;
 * a custom serializer decodes on every read.
 */
export function inPlaceRead(backend: Backend | undefined, prefix: string, serializer: Serializer, which: 'peek' | 'peekStale' = 'peek'): InPlaceRead | undefined {
  if (backend?.[which] === undefined) return undefined;
  const source = backend as Backend & Required<Pick<Backend, 'peek' | 'peekStale'>>;
  const keepsDecoded = serializer === defaultSerializer;
  const full = keyPrefixer(prefix);
  if (which === 'peekStale') return (key, now) => decode(source.peekStale(full(key), now), serializer, keepsDecoded);
  return (key, now) => decode(source.peek(full(key), now), serializer, keepsDecoded);
}

function decode(entry: PeekedEntry | undefined, serializer: Serializer, keepsDecoded: boolean): unknown {
  if (entry === undefined) return undefined;
  if (!keepsDecoded) return serializer.loads(entry.value);
  const memo = entry.decoded;
  // raw is undefined when the backend was given the decoded value and keeps it current (setDecodedNow).
  if (memo !== undefined && (memo.raw === undefined || memo.raw === entry.value)) return copyDecoded(memo.value);
  const value = serializer.loads(entry.value);
  entry.decoded = { raw: entry.value, value };
  return copyDecoded(value);
}
