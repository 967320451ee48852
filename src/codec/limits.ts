/**
 * How deeply stored JSON may nest. Deeper text is refused before it is parsed (JSON.parse takes
 * over a second on a 2 MB text nested a million deep) and never written (a TypeError at the store).
 */
export const MAX_DEPTH = 512;

/** Digits a stored bigint may have: BigInt() is quadratic (a million digits block the loop 0.3 s). */
export const MAX_BIGINT_DIGITS = 20_000;

/**
 * Whether JSON `text` nests deeper than `max` arrays and objects. Brackets inside strings do not
 * count; a text shorter than two brackets per level cannot nest that deep, so most values are
 * never scanned.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  if (text.length <= 2 * max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return false;
}
