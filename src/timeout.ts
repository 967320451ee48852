import type { Backend } from './backends/backend.js';
import { describeValue } from './errors.js';

/**
 * Validates a timeout in seconds: `undefined` stays undefined (the default applies), `0` means
 * never expires, a fraction rounds up to whole seconds; anything else, or more seconds than a
 * number holds exactly (2^53 - 1, also Redis's EX limit in practice), is a TypeError naming `field`.
 */
export function checkTimeout(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(`${field} must be a number of seconds from 0 (never expires) to ${Number.MAX_SAFE_INTEGER}, got ${describeValue(value)}`);
  }
  return Math.ceil(value);
}

/** `ttl` when the backend can store it, else a TypeError that says the backend's limit. */
export function fitTtl(backend: Backend, ttl: number): number {
  const max = backend.maxTtl;
  if (max !== undefined && ttl > max) {
    throw new TypeError(`timeout: ${backend.name} can hold at most ${max} seconds, got ${ttl}; use 0 for entries that never expire`);
  }
  return ttl;
}
