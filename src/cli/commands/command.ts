import type { Cache } from '../../cache.js';
import type { ExitCode, FlagName, ParsedArgs } from '../args.js';
import type { Output } from '../output.js';

/** What a command gets: the cache (configured, not yet asked anything), its arguments and flags, and where to write. */
export interface CommandContext {
  cache: Cache;
  args: readonly string[];
  flags: ParsedArgs;
  out: Output;
}

/** One `decocache` command: its help and what it does. */
export interface Command {
  /** The word on the command line. */
  name: string;
  /** The arguments in the synopsis, e.g. `KEY JSON`. */
  synopsis: string;
  /** One line for the command list. */
  summary: string;
  /** The rest of its `--help`: what it prints, its exit codes, an example. */
  help: readonly string[];
  /** Flags of this command on top of the ones every command takes. */
  flags: readonly FlagName[];
  /** How many positional arguments it takes, at least and at most. */
  arity: readonly [number, number];
  /** Does the work; resolves the exit code. */
  run(context: CommandContext): Promise<ExitCode>;
}
