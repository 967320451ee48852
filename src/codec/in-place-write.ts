import type { Backend } from '../backends/backend.js';
import { keyPrefixer } from '../key-prefixer.js';
import { fitTtl } from '../timeout.js';
import { copyPlainJson, NOT_PLAIN } from './plain-json.js';
import { defaultSerializer, type Serializer } from './serializer.js';

/**
 * The synchronous writes of a backend that stores in process, as the Cache's `set` and `touch`
 * make them (serializer, key prefix, timeout in seconds with the cache's default), minus the
 * promise. They throw what `set` and `touch` would reject with.
 */
export interface InPlaceWrite {
  /** Serializes and stores `value` for `timeout` seconds (`undefined`: the cache's default). */
  set(key: string, value: unknown, timeout: number | undefined): void;
  /** Makes `key` live at least `timeout` more seconds; whether it exists. */
  touch(key: string, timeout: number | undefined): boolean;
}

/** The synchronous writes of a backend that declares `setNow` and `touchNow`, or `undefined` for every other backend. */
export function inPlaceWrite(backend: Backend | undefined, prefix: string, serializer: Serializer, ttlOf: (timeout: number | undefined) => number): InPlaceWrite | undefined {
  if (backend?.setNow === undefined || backend.touchNow === undefined) return undefined;
  const target = backend as Backend & Required<Pick<Backend, 'setNow' | 'touchNow'>>;
  // Version keys are touched on every store: their prefixed strings are built once. Entry keys are
  // new on every miss, so remembering theirs would only churn the table.
  const versionKey = keyPrefixer(prefix);
  // With the default serializer, plain JSON data is handed over as a copy and encoded only if its
  // text is ever asked for: a copy costs a fraction of JSON.stringify, and hits read it unparsed.
  const setDecoded = serializer === defaultSerializer ? target.setDecodedNow?.bind(target) : undefined;
  const encode = (decoded: unknown): string => serializer.dumps(decoded);
  return {
    set(key, value, timeout) {
      const ttl = fitTtl(target, ttlOf(timeout));
      const copy = setDecoded === undefined ? NOT_PLAIN : copyPlainJson(value);
      if (copy !== NOT_PLAIN) setDecoded!(prefix + key, copy, encode, ttl);
      else target.setNow(prefix + key, serializer.dumps(value), ttl);
    },
    touch(key, timeout) {
      return target.touchNow(versionKey(key), fitTtl(target, ttlOf(timeout)));
    },
  };
}
