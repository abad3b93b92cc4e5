// Every sub-command, in the order `codex-memory --help` lists them. Add one line per command.
import type { Command } from '../command';

export const commands: Command[] = [];
