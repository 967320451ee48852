import { Cache } from '../cache.js';
import { BackendError, CacheError, messageOf } from '../errors.js';
import { Exit, parseArgs, UsageError, type ExitCode, type ParsedArgs } from './args.js';
import { commandNamed, type Command } from './commands/index.js';
import { configFromArgs } from './config.js';
import { Output, type Io } from './output.js';
import { COMMON_FLAGS, commandUsage, mainUsage } from './usage.js';

/**
 * Runs one `decocache` command line and resolves its exit code. The cache is built only once the
 * arguments are known good, and closed before this resolves, so the process can end at once.
 */
export async function runCli(argv: readonly string[], env: Record<string, string | undefined>, io: Io): Promise<ExitCode> {
  let parsed: ParsedArgs;
  let command: Command | undefined;
  try {
    parsed = parseArgs(argv);
    if (parsed.command === 'help') return help(io, parsed.positionals[0]);
    if (parsed.command === undefined) {
      if (parsed.switches.has('help')) return help(io, undefined);
      throw new UsageError('no command given');
    }
    command = commandNamed(parsed.command);
    if (!command) throw new UsageError(`unknown command "${parsed.command}"`);
    if (parsed.switches.has('help')) return help(io, command.name);
    checkCall(command, parsed);
  } catch (error) {
    return usageFailure(io, error);
  }
  const out = new Output(io, parsed.switches.has('json'));
  const logger = { warn: (m: string) => out.note(m.replace(/^decocache: /, '')), error: (m: string) => out.note(m.replace(/^decocache: /, '')), debug: () => {} };
  let cache: Cache;
  try {
    cache = new Cache(configFromArgs(env, parsed, logger));
  } catch (error) {
    return usageFailure(io, new UsageError(`configuration: ${messageOf(error)}`, command.name));
  }
  try {
    return await command.run({ cache, args: parsed.positionals, flags: parsed, out });
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io, error);
    return failure(out, error, command.name);
  } finally {
    await cache.close();
  }
}

function help(io: Io, name: string | undefined): ExitCode {
  if (name === undefined) {
    io.stdout(mainUsage());
    return Exit.done;
  }
  const command = commandNamed(name);
  if (!command) return usageFailure(io, new UsageError(`unknown command "${name}"`));
  io.stdout(commandUsage(command));
  return Exit.done;
}

/** Checks the flags and the number of arguments against what the command takes. */
function checkCall(command: Command, parsed: ParsedArgs): void {
  const allowed = new Set([...command.flags, ...COMMON_FLAGS]);
  for (const flag of [...Object.keys(parsed.values), ...parsed.switches]) {
    if (!allowed.has(flag as never)) throw new UsageError(`${command.name} does not take --${flag}`, command.name);
  }
  const [min, max] = command.arity;
  const n = parsed.positionals.length;
  if (n < min) throw new UsageError(`${command.name} needs ${command.synopsis.replace('--yes', '').trim() || 'no arguments'}`, command.name);
  if (n > max) throw new UsageError(`${command.name} takes ${max === 0 ? 'no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}`}, got ${n}`, command.name);
}

/** Exit 2: the reason, then the usage, on stderr. */
function usageFailure(io: Io, error: unknown): ExitCode {
  if (!(error instanceof UsageError)) throw error;
  const command = error.command === undefined ? undefined : commandNamed(error.command);
  io.stderr(`decocache: ${error.message}\n\n${command ? commandUsage(command) : mainUsage()}`);
  return Exit.usage;
}

/**
 * A failure while the command ran: a backend that failed is exit 3; what the library refuses on
 * purpose (an empty prefix on a shared server, an enumeration the store cannot do) is exit 2.
 */
function failure(out: Output, error: unknown, command: string): ExitCode {
  if (error instanceof BackendError) {
    out.note(`${command}: the backend failed: ${messageOf(error)}`);
    return Exit.backend;
  }
  if (error instanceof TypeError || error instanceof CacheError) {
    out.note(`${command}: ${messageOf(error)}`);
    return Exit.usage;
  }
  out.note(`${command}: ${messageOf(error)}`);
  return Exit.backend;
}
