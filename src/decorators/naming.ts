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
  let fname: string;
  if (state.placement === 'function') fname = ns + state.name;
  else {
    if (!state.owner) {
      throw new TypeError(
        `the class of method "${state.name}" is not known yet: construct an instance or call the method once before deleting its entries`,
      );
    }
    fname = `${ns}${state.owner.name}.${state.name}`;
  }
  claim(fname, { kind: state.kind, site: state.site, source: Function.prototype.toString.call(state.original) });
  state.fname = fname;
  return fname;
}
