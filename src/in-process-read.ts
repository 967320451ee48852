import type { Backend } from './backends/backend.js';
import { SimpleBackend } from './backends/simple.js';
import { defaultSerializer, type Serializer } from './codec/serializer.js';
import { copyDecoded } from './codec/value-copy.js';

/** Reads one key synchronously: the decoded value, or `undefined` when missing or expired at `now` (ms). */
export type InProcessRead = (key: string, now: number) => unknown;

/**
 * The synchronous read of an in-process backend, for hits that need no promise layers, or
 * `undefined` for every other backend. With the default serializer the decoded value is kept
 * beside the stored string (checked against it, so `inc` or a rewrite is never served stale) and
 * each read returns a copy; a custom serializer decodes on every read. Decoding errors throw, and
 * the caller takes the full path, which reports them.
 */
export function inProcessRead(backend: Backend | undefined, prefix: string, serializer: Serializer): InProcessRead | undefined {
  if (!(backend instanceof SimpleBackend)) return undefined;
  const keepsDecoded = serializer === defaultSerializer;
  return (key, now) => {
    const entry = backend.peek(prefix + key, now);
    if (entry === undefined) return undefined;
    if (!keepsDecoded) return serializer.loads(entry.value);
    const memo = entry.decoded;
    if (memo !== undefined && memo.raw === entry.value) return copyDecoded(memo.value);
    const value = serializer.loads(entry.value);
    entry.decoded = { raw: entry.value, value };
    return copyDecoded(value);
  };
}
