import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { BackendReplyError, NotAnIntegerError, unsafeIntegerError } from '../../errors.js';

/**
 * Error replies that mean the server cannot serve right now (loading, busy, failing over), which
 * the circuit breaker counts; every other error reply (WRONGTYPE, ERR ..., OOM, NOPERM) is about
 * the command or the data, and says the server is up.
 */
const UNAVAILABLE = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY)\b/;

/** Turns an error reply of the server into a BackendReplyError (E_REPLY); anything else stays as it is. */
export function fromReply(operation: string, error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'ReplyError' || UNAVAILABLE.test(error.message)) return error;
  return new BackendReplyError(operation, error.message, { cause: error });
}

// INCRBY, unless the stored integer or the result is beyond 2^53 - 1: Redis would hold it exactly,
// but it would reach JavaScript rounded. Checked in the same atomic step, so a refused inc never
// applies. A stored value that is not an integer is left to INCRBY's own error.
const SAFE_INCRBY = `
local v = redis.call('GET', KEYS[1])
if v and string.find(v, '^-?%d+$') then
  local digits = string.gsub(v, '^-', '')
  if string.len(digits) > 16 or (string.len(digits) == 16 and digits > '9007199254740991') then
    return redis.error_reply('ERANGE the stored integer is beyond 2^53 - 1')
  end
  local n = tonumber(v) + tonumber(ARGV[1])
  if n > 9007199254740991 or n < -9007199254740991 then
    return redis.error_reply('ERANGE the result would be beyond 2^53 - 1')
  end
end
return redis.call('INCRBY', KEYS[1], ARGV[1])
`;
const SAFE_INCRBY_SHA = createHash('sha1').update(SAFE_INCRBY).digest('hex');

/** Atomic `inc` that refuses, with nothing applied, what JavaScript could not hold exactly (RangeError). */
export async function safeIncrBy(client: Redis | Cluster, key: string, delta: number): Promise<number> {
  try {
    return (await client.evalsha(SAFE_INCRBY_SHA, 1, key, delta).catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return client.eval(SAFE_INCRBY, 1, key, delta);
      throw error;
    })) as number;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('ERANGE')) throw unsafeIntegerError(key);
    if (error instanceof Error && /not an integer/.test(error.message)) throw new NotAnIntegerError(key);
    throw fromReply('inc', error);
  }
}
