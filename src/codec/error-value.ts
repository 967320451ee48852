/** The error classes a stored error comes back as, by name; any other name comes back as an Error carrying it. */
const STANDARD: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** What is kept of an Error: name, message, `cause`, and its own enumerable properties (`code`, ...); not the stack. */
export interface ErrorParts {
  name: string;
  message: string;
  cause?: unknown;
  props: Record<string, unknown>;
}

/** The parts of an error worth storing. */
export function errorParts(error: Error): ErrorParts {
  const props: Record<string, unknown> = {};
  for (const key of Object.keys(error)) if (key !== 'cause') props[key] = (error as unknown as Record<string, unknown>)[key];
  const parts: ErrorParts = { name: error.name, message: error.message, props };
  if ('cause' in error) parts.cause = error.cause;
  return parts;
}

/**
 * An error rebuilt from its parts, of the standard class its name says. Its stack names only the
 * error: the frames of the process that threw it mean nothing here.
 */
export function buildError(parts: ErrorParts): Error {
  const error = new (STANDARD[parts.name] ?? Error)(parts.message);
  if (error.name !== parts.name) Object.defineProperty(error, 'name', { value: parts.name, writable: true, configurable: true });
  Object.defineProperty(error, 'stack', { value: `${parts.name}: ${parts.message}`, writable: true, configurable: true });
  if ('cause' in parts) Object.defineProperty(error, 'cause', { value: parts.cause, writable: true, configurable: true });
  for (const key of Object.keys(parts.props)) {
    Object.defineProperty(error, key, { value: parts.props[key], enumerable: true, writable: true, configurable: true });
  }
  return error;
}
