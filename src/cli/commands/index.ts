import type { Command } from './command.js';
import { deleteMemoizedCommand } from './delete-memoized.js';
import { del, get, set } from './entries.js';
import { clear, keys } from './keyspace.js';
import { stats } from './stats.js';

/** Every command of `decocache`, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [get, set, del, keys, clear, deleteMemoizedCommand, stats];

/** The command named `name`, or `undefined`. */
export function commandNamed(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export type { Command, CommandContext } from './command.js';
