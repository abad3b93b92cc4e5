// `codex-memory context "TASK"`: the context pack a Codex session would get for this task and folder.
import * as path from 'node:path';
import type { ContextPack } from '../../core/recall';
import { contextPack } from '../../core/recall/context';
import { nodeHost } from '../../node/host';
import { openNodeVault } from '../../node/open-vault';
import { flag, intOpt, requireOpt, stringOpt, UsageError, writeJson, type CliIO, type Command, type ParsedArgs } from '../command';

/** The `context --json` shape of docs/architecture.md (CLI contract) (section and text per item are extras). */
export function contextJson(pack: ContextPack): object {
  return {
    tokens: pack.tokens,
    budget: pack.budget,
    ...(pack.project ? { project: pack.project } : {}),
    items: pack.items.map((i) => ({
      path: i.path,
      ...(i.heading ? { heading: i.heading } : {}),
      ...(i.block ? { block: i.block } : {}),
      score: i.score,
      why: i.why,
      section: i.section,
      ...(i.stale ? { stale: true } : {}),
    })),
    text: pack.text,
  };
}

export const contextCommand: Command = {
  name: 'context',
  summary: 'Show the notes a new Codex session would be given for a task, within a token budget',
  usage: 'context "TASK" --vault DIR [--cwd DIR] [--budget TOKENS] [--json]',
  help: `Picks the notes that matter for TASK in the session's folder: preferences, the project (status,
active decisions), its open TODOs, the people involved, relevant notes and recent sessions. The project is the
one whose \`repo\` holds the folder, else whose \`remote\` matches the folder's git remote. Notes marked
\`memory: never\`, superseded or done, checked-off TODOs and anything that looks like a secret are never
included; \`memory: pin\` notes always are (within their project). With embeddings on in the settings, the
task is also matched by meaning (OPENAI_BASE_URL / OPENAI_API_KEY), fused with full-text ranking.

Options:
  --vault DIR       the memory vault
  --cwd DIR         the session's working folder (default: the current folder)
  --budget TOKENS   hard limit in o200k tokens (default: the contextBudget setting, 2000)
  --json            {tokens, budget, project?, items:[{path, heading?, block?, score, why, stale?}], text}
`,
  options: {
    vault: { type: 'string' },
    cwd: { type: 'string' },
    budget: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    if (args.positionals.length > 1) throw new UsageError('give the task as one quoted argument');
    const task = args.positionals[0] ?? '';
    const vault = await openNodeVault(requireOpt(args, 'vault'), undefined, { cwd: io.cwd });
    const budget = intOpt(args, 'budget', vault.settings.contextBudget);
    const cwd = path.resolve(io.cwd, stringOpt(args, 'cwd') ?? '.');
    const host = nodeHost(vault, { env: io.env, warn: (m) => io.stderr.write(`${m}\n`) });
    const pack = await contextPack(host, { task, cwd, budget });
    if (flag(args, 'json')) {
      writeJson(io, contextJson(pack));
      return 0;
    }
    if (pack.items.length === 0) {
      io.stderr.write('No notes to include for this task and folder.\n');
      return 0;
    }
    io.stdout.write(`${pack.text}\n`);
    io.stderr.write(`(${pack.tokens} of ${pack.budget} tokens${pack.project ? `; project ${pack.project}` : ''})\n`);
    return 0;
  },
};
