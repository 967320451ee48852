/** One parameter of a function as read from its source. */
export interface ParamInfo {
  /** Its name, or `undefined` for a destructured parameter. */
  name: string | undefined;
  /** Whether it is a `...rest` parameter. */
  rest: boolean;
  /** Whether its default is a literal decocache can use (numbers, strings, booleans, null). */
  hasDefault: boolean;
  /** That literal default. */
  default: unknown;
}

/**
 * Reads parameter names and literal defaults from a function's source, so `f(1)` and `f(1, 0)`
 * share an entry when `b = 0` is the default (Flask fills defaults the same way). Only literals are
 * read, by parsing, never by evaluating; other defaults are treated as absent.
 */
export function readParams(fn: (...args: never[]) => unknown): ParamInfo[] {
  const list = paramList(Function.prototype.toString.call(fn));
  if (list === undefined) return [];
  return splitTopLevel(list)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(parseParam);
}

function paramList(source: string): string | undefined {
  const open = source.indexOf('(');
  const arrow = source.indexOf('=>');
  if (arrow !== -1 && (open === -1 || arrow < open)) {
    // `async x => ...` or `x => ...`: one bare parameter.
    const head = source.slice(0, arrow).replace(/^\s*async\s+/, '').trim();
    return head;
  }
  if (open === -1) return undefined;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipString(source, i);
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) + 1;
    else if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return source.slice(open + 1, i);
    }
    if (i < 0) return undefined;
  }
  return undefined;
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipString(list, i);
    // A comma inside a comment (tsc keeps them) must not split a parameter.
    else if (c === '/' && list[i + 1] === '*') i = endOf(list.indexOf('*/', i + 2), list) + 1;
    else if (c === '/' && list[i + 1] === '/') i = endOf(list.indexOf('\n', i), list);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(list.slice(from));
  return parts;
}

/** `index`, or the end of `text` when a search found nothing. */
function endOf(index: number, text: string): number {
  return index === -1 ? text.length : index;
}

const NAME = /^[A-Za-z_$][\w$]*$/;

function parseParam(text: string): ParamInfo {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').trim();
  if (clean.startsWith('...')) {
    const name = clean.slice(3).trim();
    return { name: NAME.test(name) ? name : undefined, rest: true, hasDefault: false, default: undefined };
  }
  const eq = clean.indexOf('=');
  const name = (eq === -1 ? clean : clean.slice(0, eq)).trim();
  const info: ParamInfo = { name: NAME.test(name) ? name : undefined, rest: false, hasDefault: false, default: undefined };
  if (eq !== -1) {
    const literal = parseLiteral(clean.slice(eq + 1).trim());
    if (literal.ok) {
      info.hasDefault = true;
      info.default = literal.value;
    }
  }
  return info;
}

function parseLiteral(text: string): { ok: boolean; value?: unknown } {
  if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
  if (text === 'null') return { ok: true, value: null };
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { ok: true, value: Number(text) };
  if (/^-?\d+n$/.test(text)) return { ok: true, value: BigInt(text.slice(0, -1)) };
  if (/^"(?:[^"\\]|\\.)*"$/.test(text)) return { ok: true, value: JSON.parse(text) as string };
  if (/^'(?:[^'\\]|\\.)*'$/.test(text)) {
    const inner = text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"');
    try {
      return { ok: true, value: JSON.parse(`"${inner}"`) as string };
    } catch {
      return { ok: false };
    }
  }
  return { ok: false };
}
