// What both model distillers share: fit the session into the token cap (less tool detail first), split it
// into parts that fit one request, ask for each part, validate every answer (one retry, then a clear error
// and nothing returned), and merge the parts. The distillers differ only in how one request is sent.
import type { Thread } from '../../codex/thread';
import { cleanLine, cleanParagraph } from '../../memory/clean-text';
import { loadTokenCounter, type TokenCounter } from '../../recall/budget';
import type { DistillContext, DistillerName, ExistingBullet } from '../distiller';
import { DistillError } from '../errors';
import { finalizeItems } from '../finalize';
import type { Learning, Learnings } from '../learnings';
import { summaryOf, titleOf, unfinishedStatus } from '../offline/status';
import { projectSubject, threadUnfinished, turnDates } from '../sources';
import { groundEvidence } from './ground';
import { SYSTEM_PROMPT, existingLines, userMessage, type PromptContext, type PromptPart } from './prompt';
import { LEARNINGS_SCHEMA, parseAnswer, toLearnings, type ModelAnswer } from './schema';
import { DETAILS, transcriptBlocks, type Block } from './transcript';

export interface CompletionRequest {
  system: string;
  user: string;
  schema: typeof LEARNINGS_SCHEMA;
  signal?: AbortSignal;
}

export interface Completion {
  text: string;
  /** Tokens the server says it used, when it says. */
  usage?: { input?: number; output?: number };
}

export type Complete = (req: CompletionRequest) => Promise<Completion>;

export interface ModelDistillOptions {
  name: Exclude<DistillerName, 'offline'>;
  complete: Complete;
  /** Input tokens one request may carry: the model's context less room for its answer. */
  maxInputTokens: number;
  /** Tokens this checkpoint may spend in all (input and output, retries included). */
  tokenCap: number;
}

/** Existing bullets get at most this share of a request. */
const EXISTING_SHARE = 0.25;
/** Room kept for the model's answer when checking the cap up front. */
const ANSWER_ALLOWANCE = 1500;

function fitExisting(existing: ExistingBullet[], budget: number, count: TokenCounter): ExistingBullet[] {
  const out: ExistingBullet[] = [];
  let used = 0;
  for (const e of existing) {
    const n = count(existingLines([e])) + 2;
    if (used + n > budget) break;
    out.push(e);
    used += n;
  }
  return out;
}

/** Cuts a block that alone exceeds a request into pieces that fit, at line breaks where possible. */
function splitBlock(b: Block, limit: number, count: TokenCounter): Block[] {
  const out: Block[] = [];
  let cur = '';
  const flush = () => {
    if (cur) out.push({ turn: b.turn, text: cur });
    cur = '';
  };
  for (const line of b.text.split('\n')) {
    const next = cur ? `${cur}\n${line}` : line;
    if (count(next) <= limit) {
      cur = next;
      continue;
    }
    flush();
    if (count(line) <= limit) {
      cur = line;
      continue;
    }
    // One enormous line: cut by characters, shrinking until each piece fits.
    let rest = line;
    while (rest) {
      let size = Math.min(rest.length, limit * 3);
      while (size > 1 && count(rest.slice(0, size)) > limit) size = Math.floor(size * 0.7);
      out.push({ turn: b.turn, text: rest.slice(0, size) });
      rest = rest.slice(size);
    }
  }
  flush();
  return out;
}

interface Part {
  blocks: Block[];
  tokens: number;
}

function pack(blocks: Block[], limit: number, count: TokenCounter): Part[] {
  const parts: Part[] = [];
  let cur: Part = { blocks: [], tokens: 0 };
  for (const block of blocks) {
    for (const piece of count(block.text) > limit ? splitBlock(block, limit, count) : [block]) {
      const n = count(piece.text) + 1;
      if (cur.blocks.length && cur.tokens + n > limit) {
        parts.push(cur);
        cur = { blocks: [], tokens: 0 };
      }
      cur.blocks.push(piece);
      cur.tokens += n;
    }
  }
  if (cur.blocks.length) parts.push(cur);
  return parts;
}

function promptPart(p: Part, index: number, count: number): PromptPart {
  const turns = p.blocks.map((b) => b.turn).filter((t) => t > 0);
  return {
    index,
    count,
    firstTurn: Math.min(...(turns.length ? turns : [0])),
    lastTurn: Math.max(...(turns.length ? turns : [0])),
    text: p.blocks.map((b) => b.text).join('\n\n'),
  };
}

export async function distillWithModel(thread: Thread, ctx: DistillContext, opts: ModelDistillOptions): Promise<Learnings> {
  const count = await loadTokenCounter();
  const unfinished = threadUnfinished(thread);
  const project = projectSubject(thread);
  const cap = ctx.tokenCap ?? opts.tokenCap;
  const existing = fitExisting(ctx.existing ?? [], Math.floor(opts.maxInputTokens * EXISTING_SHARE), count);
  const pctx: PromptContext = { project: project.name, unfinished, existing };
  const overhead = count(SYSTEM_PROMPT) + count(userMessage({ index: 9, count: 9, firstTurn: 999, lastTurn: 999, text: '' }, pctx)) + 16;
  const room = opts.maxInputTokens - overhead;
  if (room < 256) {
    throw new DistillError('config', `A request may carry ${opts.maxInputTokens} tokens, too few for the instructions and any of the session.`);
  }

  // Less tool detail before giving up: the conversation matters more than command output.
  let parts: Part[] = [];
  let needed = Infinity;
  for (const detail of DETAILS) {
    parts = pack(transcriptBlocks(thread, detail), room, count);
    needed = parts.reduce((sum, p) => sum + p.tokens + overhead + ANSWER_ALLOWANCE, 0);
    if (needed <= cap) break;
  }
  if (needed > cap) {
    throw new DistillError(
      'token-cap',
      `This session needs about ${needed} tokens to distil, more than the checkpoint cap of ${cap}. Raise the cap in settings or use the offline distiller.`,
    );
  }

  let spent = 0;
  const answers: ModelAnswer[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (ctx.signal?.aborted) throw new DistillError('aborted', 'Distilling was cancelled.');
    const part = promptPart(parts[i], i + 1, parts.length);
    ctx.onProgress?.(
      parts.length > 1
        ? `Distilling part ${i + 1} of ${parts.length} with the ${opts.name} distiller…`
        : `Distilling with the ${opts.name} distiller…`,
    );
    let problem: string | undefined;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const retryNote = problem
        ? `Your previous answer could not be used (${problem}). Answer again with JSON only, matching the schema exactly.`
        : undefined;
      const user = userMessage(part, pctx, retryNote);
      const input = count(SYSTEM_PROMPT) + count(user);
      if (spent + input > cap) {
        throw new DistillError('token-cap', `Distilling stopped at the checkpoint cap of ${cap} tokens (${spent} spent); nothing was written.`);
      }
      const res = await opts.complete({ system: SYSTEM_PROMPT, user, schema: LEARNINGS_SCHEMA, signal: ctx.signal });
      spent += (res.usage?.input ?? input) + (res.usage?.output ?? count(res.text));
      const parsed = parseAnswer(res.text);
      if (parsed.ok) {
        answers.push(parsed.answer);
        problem = undefined;
        break;
      }
      problem = parsed.problem;
    }
    if (problem) {
      throw new DistillError('invalid-output', `The model's answer did not match the learnings schema, twice (${problem}); nothing was written.`);
    }
  }

  const items: Learning[] = groundEvidence(
    answers.flatMap((a) => toLearnings(a, thread.turns.length, existing)),
    thread,
  ).map((l) => (l.kind === 'person' || l.subject ? l : { ...l, subject: project }));
  if (unfinished) items.push(unfinishedStatus(thread, project));
  const title = answers.map((a) => a.title ?? '').find((t) => t.trim());
  const summaries = answers.map((a) => a.summary ?? '').filter((s) => s.trim());
  const summary = summaries.length > 1 ? `${summaries[0]} … ${summaries[summaries.length - 1]}` : summaries[0];
  return {
    thread: thread.id,
    title: cleanLine(title ?? '', 120) || titleOf(thread),
    summary: cleanParagraph(summary ?? '', 1500) || summaryOf(thread, unfinished),
    items: finalizeItems(items, existing, { dateOf: turnDates(thread) }),
    unfinished,
    distiller: opts.name,
  };
}
