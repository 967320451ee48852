import type { DecoratedState } from './decorated.js';
import { claim } from './fname-registry.js';

/**
 * Finds the class that declares a method by walking from an instance (or a class, for statics)
 * to the prototype that owns the wrapper: inherited methods key by the declaring class.
 */
export function resolveOwner(state: DecoratedState, self: unknown): void {
  if (state.owner || self === null || (typeof self !== 'object' && typeof self !== 'function')) return;
  if (state.placement === 'static') {
    let klass: unknown = self;
    while (typeof klass === 'function' && !(Object.hasOwn(klass, state.name) && (klass as unknown as Record<string, unknown>)[state.name] === state.wrapper)) {
      klass = Object.getPrototypeOf(klass);
    }
    state.owner = (typeof klass === 'function' ? klass : self) as DecoratedState['owner'];
    return;
  }
  let proto: object | null = Object.getPrototypeOf(self);
  while (proto && !(Object.hasOwn(proto, state.name) && (proto as Record<string, unknown>)[state.name] === state.wrapper)) {
    proto = Object.getPrototypeOf(proto);
  }
  const ctor = (proto ?? Object.getPrototypeOf(self))?.constructor;
  if (typeof ctor === 'function') state.owner = ctor as DecoratedState['owner'];
}

/**
 * `[namespace.]Class.method` for methods, `[namespace.]name` for functions, claimed in the name
 * registry on first use (a TypeError when another function holds it). Throws when a method's
 * class is not known yet (no instance constructed, nothing called) and no namespace pins it.
 */
export function fnameOf(state: DecoratedState): string {
  if (state.fname !== undefined) return state.fname;
  const ns = state.options.namespace ? `${state.options.namespace}.` : '';
  const source = Function.prototype.toString.call(state.original);
  let fname: string;
  if (state.placement === 'function') {
    refuseMinified(state.name, `function ${state.name}`, source, state.options.namespace);
    fname = ns + state.name;
  } else {
    if (!state.owner) {
      throw new TypeError(
        `the class of method "${state.name}" is not known yet: construct an instance or call the method once before deleting its entries`,
      );
    }
    refuseMinified(state.owner.name, `class ${state.owner.name} (method ${state.name})`, source, undefined);
    fname = `${ns}${state.owner.name}.${state.name}`;
  }
  claim(fname, { kind: state.kind, site: state.site, source });
  state.fname = fname;
  return fname;
}

/**
 * Refuses a name a minifier gave (esbuild --minify, terser): keys are built from class and function
 * names, so a mangled name changes with every build and two classes can swap names. It is taken as
 * mangled when it is one or two characters long and the decorated code has no whitespace a person
 * writes (`async get(e){return{id:e}}`). A plain function may keep its mangled name under a
 * `namespace`, which its key then depends on; a class name is part of every method key.
 */
function refuseMinified(name: string, what: string, source: string, namespace: string | undefined): void {
  if (name.length > 2 || namespace !== undefined || !looksMinified(source)) return;
  throw new TypeError(
    `decocache: the name of ${what} looks minified, so its cache keys would change with every build and could ` +
      'collide with another class or function: build with names kept (esbuild --keep-names / keepNames: true, ' +
      'terser keep_classnames and keep_fnames)' +
      (what.startsWith('function') ? ', or give it a namespace option' : ''),
  );
}

function looksMinified(source: string): boolean {
  return source.length > 12 && !source.includes('\n') && !/[{;,)] /.test(source);
}
