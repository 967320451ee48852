/** Absolute expiry in ms since the epoch for a ttl in seconds; `0` means never. */
export function expiresAt(ttl: number, now = Date.now()): number {
  return ttl > 0 ? now + ttl * 1000 : 0;
}

/** Whether an absolute expiry (ms, `0` = never) is still in the future. */
export function isLive(expires: number, now = Date.now()): boolean {
  return expires === 0 || expires > now;
}

/** The later of two absolute expiries, where `0` (never) is the latest. */
export function laterExpiry(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return Math.max(a, b);
}
