/**
 * Helpers that transpilers put between a class and its decorators (TypeScript's `__esDecorate` and
 * legacy `__decorate`, esbuild's `__decorateElement` and legacy `__decorateClass`, Babel's and SWC's
 * `applyDecs`): they sit at one position for every decorator of a file, so they never tell two
 * decorations apart.
 */
const HELPER = /(?:^|[.\s])_*(?:esDecorate|decorateElement|decorateClass|decoratorStart|runInitializers|applyDecs\w*|apply_decs\w*|applyMemberDecs?|applyClassDecs|decorate)$/;

/**
 * Frames kept: the code that applied the decorator and its caller. Two, because a minifier renames
 * the helpers above, and then the first frame is the helper and only the second tells classes apart.
 */
const SITE_FRAMES = 2;

/**
 * Where a decoration happens, read once from the stack: the positions (`file:line:column`) of the
 * frames below the decorator, without transpiler helpers and without the query a dev server appends
 * to reloaded modules (`?t=...`), joined by `' < '`. A hot reload or a re-evaluated module gives the
 * same site again. `decorator` is the function the decorator calls this from: it and the decorator
 * function itself (its caller) are dropped. `undefined` when the stack cannot be read.
 */
export function decorationSite(decorator: (...args: never[]) => unknown): string | undefined {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 16;
    Error.captureStackTrace(holder, decorator);
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (typeof holder.stack !== 'string') return undefined;
  const frames = holder.stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(1)
    .map(parseFrame)
    .filter((frame) => !HELPER.test(frame.name));
  if (frames.length === 0) return undefined;
  return frames
    .slice(0, SITE_FRAMES)
    .map((frame) => frame.position)
    .join(' < ');
}

/** A V8 frame line: `at name (position)` or `at position`. */
function parseFrame(line: string): { name: string; position: string } {
  const text = line.slice(3);
  const open = text.endsWith(')') ? text.indexOf(' (') : -1;
  const name = open === -1 ? '' : text.slice(0, open);
  const position = open === -1 ? text : text.slice(open + 2, -1);
  return { name, position: position.replace(/[?#][^:]*(?=:\d+:\d+$)/, '') };
}
