/** The process exit codes of the `decocache` command. */
export const Exit = {
  /** The command did what it was asked. */
  done: 0,
  /** A key or entry asked for does not exist (`get`, `delete`, `delete-memoized` with arguments). */
  notFound: 1,
  /** Bad arguments or configuration, or no command; the reason goes to stderr. */
  usage: 2,
  /** The backend failed (unreachable, timed out, answered an error). */
  backend: 3,
} as const;

/** One of the exit codes in {@link Exit}. */
export type ExitCode = (typeof Exit)[keyof typeof Exit];

/** A mistake in how the command was called: exit 2 with this reason and the usage on stderr. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to show, if one was recognised. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flags that take a value, and what the value is, for help texts. */
export const VALUE_FLAGS = {
  type: 'NAME',
  'redis-url': 'URL',
  'memcached-servers': 'LIST',
  dir: 'PATH',
  'key-prefix': 'PREFIX',
  'hash-method': 'NAME',
  timeout: 'SECONDS',
  identity: 'ID',
} as const;

/** Flags that are on or off. */
export const SWITCHES = ['json', 'yes', 'help'] as const;

/** Any flag's name, without the dashes. */
export type FlagName = keyof typeof VALUE_FLAGS | (typeof SWITCHES)[number];

/** A command line taken apart: the command, its positional arguments, and its flags (the last of a repeated flag wins). */
export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  values: Partial<Record<keyof typeof VALUE_FLAGS, string>>;
  switches: Set<(typeof SWITCHES)[number]>;
}

const NUMBER = /^-\d/;

/**
 * Parses `command [arguments] [flags]`. Flags come after the command (only `--help` may stand
 * alone); `--name value` and `--name=value` both work; `--` ends the flags, and an argument that
 * starts with a digit after its dash (`-1`) is an argument, not a flag.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { command: undefined, positionals: [], values: {}, switches: new Set() };
  const [first, ...rest] = argv;
  if (first === undefined) return parsed;
  if (first === '--help' || first === '-h') {
    parsed.switches.add('help');
    return parsed;
  }
  if (first.startsWith('-')) throw new UsageError(`flags come after the command (got ${first} first): decocache <command> [arguments] [flags]`);
  parsed.command = first;
  let onlyArguments = false;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    if (onlyArguments || !token.startsWith('-') || NUMBER.test(token)) {
      parsed.positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyArguments = true;
      continue;
    }
    if (token === '-h') {
      parsed.switches.add('help');
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (!token.startsWith('--')) throw new UsageError(`unknown flag ${token} (put -- before an argument that starts with a dash)`, first);
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, first);
      parsed.switches.add(name as (typeof SWITCHES)[number]);
    } else if (name in VALUE_FLAGS) {
      const value = eq !== -1 ? token.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value (${VALUE_FLAGS[name as keyof typeof VALUE_FLAGS]})`, first);
      parsed.values[name as keyof typeof VALUE_FLAGS] = value;
    } else {
      throw new UsageError(`unknown flag --${name}`, first);
    }
  }
  return parsed;
}
