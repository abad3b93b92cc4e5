// Every sub-command, in the order `codex-memory --help` lists them. Add one line per command.
import type { Command } from '../command';
import { agentsMdCommand } from './agents-md';
import { checkpointCommand } from './checkpoint';
import { undoCommand } from './undo';
import { contextCommand } from './context';
import { goalCommand } from './goal';
import { hookCommand } from './hook';
import { hooksCommand } from './hooks';
import { initCommand } from './init';
import { mcpCommand } from './mcp';
import { searchCommand } from './search';
import { sessionsCommand } from './sessions';
import { sessionCommand } from './session';
import { statsCommand } from './stats';

export const commands: Command[] = [
  initCommand,
  sessionsCommand,
  sessionCommand,
  checkpointCommand,
  contextCommand,
  searchCommand,
  statsCommand,
  agentsMdCommand,
  goalCommand,
  hookCommand,
  hooksCommand,
  mcpCommand,
  undoCommand,
];
