import { describeValue } from './errors.js';

/**
 * Validates a timeout in seconds: `undefined` stays undefined (the default applies), `0` means
 * never expires, a fraction rounds up to whole seconds; anything else is a TypeError naming `field`.
 */
export function checkTimeout(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value === Infinity) {
    throw new TypeError(`${field} must be a number of seconds >= 0 (0 = never expires), got ${describeValue(value)}`);
  }
  return Math.ceil(value);
}
