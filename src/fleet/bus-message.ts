/**
 * What one bus message names: full keys (prefix included) written or deleted, key prefixes
 * cleared, and glob patterns deleted. Never values.
 */
export interface BusMessage {
  /** Id of the sending tier, so it can skip its own messages. */
  from: string;
  /** When the first change it names completed, in ms on the shared clock ({@link busClock}). */
  at: number;
  /** Keys written or deleted. */
  keys: string[];
  /** Prefixes cleared (`clear()`); `''` means every key. */
  prefixes: string[];
  /** Glob patterns deleted (`deletePattern()`), as the backend got them. */
  patterns: string[];
}

/**
 * Milliseconds since the epoch with sub-millisecond resolution, comparable between processes on
 * one machine (each process's monotonic clock anchored at its start), for the bus lag.
 */
export function busClock(): number {
  return performance.timeOrigin + performance.now();
}

/** The JSON sent on the channel; the `decocache` marker tells it from other traffic. */
export function encodeBusMessage(message: BusMessage): string {
  const wire: Record<string, unknown> = { decocache: 1, from: message.from, at: message.at };
  if (message.keys.length > 0) wire['keys'] = message.keys;
  if (message.prefixes.length > 0) wire['clear'] = message.prefixes;
  if (message.patterns.length > 0) wire['patterns'] = message.patterns;
  return JSON.stringify(wire);
}

/** The message in a payload, or `undefined` when the payload is not a decocache bus message. */
export function decodeBusMessage(payload: string): BusMessage | undefined {
  let wire: unknown;
  try {
    wire = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof wire !== 'object' || wire === null) return undefined;
  const w = wire as Record<string, unknown>;
  if (w['decocache'] !== 1 || typeof w['from'] !== 'string' || typeof w['at'] !== 'number') return undefined;
  const keys = strings(w['keys']);
  const prefixes = strings(w['clear']);
  const patterns = strings(w['patterns']);
  if (keys === undefined || prefixes === undefined || patterns === undefined) return undefined;
  return { from: w['from'], at: w['at'], keys, prefixes, patterns };
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}
