/** Stable error codes, one per failure class, so callers can branch without matching messages. */
export type CacheErrorCode =
  | 'E_BACKEND'
  | 'E_TIMEOUT'
  | 'E_CIRCUIT_OPEN'
  | 'E_VALUE_TOO_LARGE'
  | 'E_NOT_SUPPORTED'
  | 'E_NOT_INTEGER'
  | 'E_REPLY';

/** Base class of every error decocache raises on purpose; `code` is stable across versions. */
export class CacheError extends Error {
  /** Stable machine-readable code. */
  readonly code: CacheErrorCode;

  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A backend call failed, stalled past `operationTimeout`, or was skipped by the open circuit; `cause` says which. */
export class BackendError extends CacheError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_BACKEND', message, options);
  }
}

/** The backend did not answer within `operationTimeout` milliseconds (found as `cause` of a BackendError). */
export class OperationTimeoutError extends CacheError {
  constructor(operation: string, ms: number) {
    super('E_TIMEOUT', `backend ${operation} did not answer within operationTimeout (${ms} ms)`);
  }
}

/** The circuit breaker is open after repeated failures, so the call was not sent (found as `cause`). */
export class CircuitOpenError extends CacheError {
  constructor(retryInMs: number) {
    super('E_CIRCUIT_OPEN', `backend skipped after repeated failures; retrying in ${retryInMs} ms`);
  }
}

/** A value is larger than the backend can hold; nothing was stored. */
export class ValueTooLargeError extends CacheError {
  /** Size of the serialized value in bytes. */
  readonly size: number;
  /** The largest size the backend accepts, in bytes. */
  readonly limit: number;

  constructor(key: string, size: number, limit: number) {
    super('E_VALUE_TOO_LARGE', `value for key "${key}" is ${size} bytes; this backend holds at most ${limit}`);
    this.size = size;
    this.limit = limit;
  }
}

/** The backend cannot do what was asked (for example enumerate keys for `deletePattern`). */
export class NotSupportedError extends CacheError {
  constructor(message: string) {
    super('E_NOT_SUPPORTED', message);
  }
}

/** `inc`/`dec` found a value that is not an integer. */
export class NotAnIntegerError extends CacheError {
  constructor(key: string) {
    super('E_NOT_INTEGER', `inc/dec: the value at "${key}" is not an integer`);
  }
}

/**
 * The server answered with an error of its own (Redis `WRONGTYPE`, `ERR ...`, a memcached status):
 * the connection is fine, so it never opens the circuit breaker. `cause` is the client's error.
 */
export class BackendReplyError extends CacheError {
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super('E_REPLY', `backend ${operation}: the server refused the command: ${message}`, options);
  }
}

/** `inc`/`dec` would leave or found a number JavaScript cannot hold exactly; nothing was changed. */
export function unsafeIntegerError(key: string): RangeError {
  return new RangeError(`inc/dec on "${key}": the result would be beyond Number.MAX_SAFE_INTEGER (2^53 - 1), so it was not applied`);
}

/** A short description of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** The message of anything thrown (memjs rejects with bare strings). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
