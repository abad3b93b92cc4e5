// What a model must answer with, in two forms: a JSON Schema for structured output (strict mode: every
// property required, nullable where optional, no additional properties, which OpenAI, Ollama, LM Studio,
// vLLM and `codex exec --output-schema` all accept) and a zod validator for what actually comes back.
// The validator is lenient about what local models tend to get wrong harmlessly (a missing optional field),
// strict about what matters (kinds, texts, evidence), and never trusts a claim it cannot check.
import { z } from 'zod';
import type { ExistingBullet } from '../distiller';
import type { Learning, LearningKind } from '../learnings';

const KINDS: LearningKind[] = ['decision', 'reversed_decision', 'preference', 'person', 'status', 'todo', 'question', 'reference', 'file', 'fact'];

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

export const LEARNINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'summary', 'items'],
  properties: {
    title: { type: 'string', description: 'Short title for the session, under 80 characters.' },
    summary: { type: 'string', description: 'Two or three sentences on what the session did.' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'kind',
          'text',
          'turn',
          'subject_type',
          'subject_name',
          'confidence',
          'evidence',
          'reversed_what',
          'reversed_reason',
          'replaced_by',
          'ref_type',
          'ref_id',
          'existing_id',
          'existing_relation',
          'choice',
        ],
        properties: {
          kind: { type: 'string', enum: KINDS },
          text: { type: 'string', description: 'One self-contained sentence, as it would read as a bullet in a note.' },
          turn: { type: 'integer', description: 'The turn number the evidence is in.' },
          subject_type: nullable('string', { enum: ['project', 'person', 'global', 'topic', null] }),
          subject_name: nullable('string', { description: "The person's name for kind person; the topic for topic facts." }),
          confidence: { type: 'number', description: '0 to 1.' },
          evidence: {
            type: 'string',
            enum: ['user', 'assistant', 'tool'],
            description: 'user: the USER said it; assistant: an assistant final answer concluded it; tool: only tool output shows it.',
          },
          reversed_what: nullable('string', { description: 'For reversed_decision: what was dropped.' }),
          reversed_reason: nullable('string'),
          replaced_by: nullable('string'),
          ref_type: nullable('string', { enum: ['ticket', 'pr', 'commit', 'url', null] }),
          ref_id: nullable('string'),
          existing_id: nullable('string', { description: 'The id (E1, E2, …) of the existing memory bullet this item repeats or changes.' }),
          existing_relation: nullable('string', { enum: ['known', 'updates', 'replaces', null] }),
          choice: nullable('string', {
            description:
              'For decision: the thing it adopts, in a few words ("Redis", "the past tense"), the same words each time the session returns to it.',
          }),
        },
      },
    },
  },
} as const;

const str = (max: number) => z.string().trim().min(1).max(max);
const opt = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => (v && v.trim() ? v.trim() : undefined));

const ItemSchema = z.object({
  kind: z.enum(KINDS as [LearningKind, ...LearningKind[]]),
  text: str(2000),
  turn: z.number().int().nullish(),
  subject_type: z.enum(['project', 'person', 'global', 'topic']).nullish(),
  subject_name: opt(200),
  confidence: z.number().nullish(),
  // A model that does not say where it saw something is treated as having seen it in tool output.
  evidence: z.enum(['user', 'assistant', 'tool']).nullish(),
  reversed_what: opt(500),
  reversed_reason: opt(1000),
  replaced_by: opt(500),
  ref_type: z.enum(['ticket', 'pr', 'commit', 'url']).nullish(),
  ref_id: opt(500),
  existing_id: opt(20),
  existing_relation: z.enum(['known', 'updates', 'replaces']).nullish(),
  choice: opt(200),
});

const AnswerSchema = z.object({
  title: z.string().max(500).nullish(),
  summary: z.string().max(5000).nullish(),
  items: z.array(ItemSchema).max(500),
});

export type ModelAnswer = z.infer<typeof AnswerSchema>;

export type Parsed = { ok: true; answer: ModelAnswer } | { ok: false; problem: string };

/** Parses a model's text answer: JSON (optionally inside a ``` fence) that matches the schema. */
export function parseAnswer(text: string): Parsed {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*\n?/i, '')
    .replace(/\n?```\s*$/, '')
    .trim();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: body ? 'the answer is not JSON' : 'the answer is empty' };
  }
  const result = AnswerSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, problem: `${issue.path.join('.') || 'answer'}: ${issue.message}` };
  }
  return { ok: true, answer: result.data };
}

/** Turns a validated answer into learnings: turns clamped to the thread, existing ids resolved. */
export function toLearnings(answer: ModelAnswer, turns: number, existing: ExistingBullet[]): Learning[] {
  return answer.items.map((i) => {
    const l: Learning = {
      kind: i.kind,
      text: i.text,
      turn: Math.min(Math.max(i.turn ?? 0, 0), turns),
      confidence: Math.min(Math.max(i.confidence ?? 0.5, 0), 1),
      evidence: i.evidence ?? 'tool',
    };
    if (i.subject_type && (i.subject_name || i.subject_type === 'global')) {
      l.subject = { type: i.subject_type, name: i.subject_name ?? 'global' };
    }
    if (i.kind === 'person' && i.subject_name) l.subject = { type: 'person', name: i.subject_name };
    if (i.kind === 'reversed_decision') {
      l.reversed = { what: i.reversed_what ?? i.text, reason: i.reversed_reason, replacedBy: i.replaced_by };
    }
    // What a decision adopts lets the decision-chain pass collapse proposals and returns (decision-chains.ts).
    if (i.kind === 'decision' && i.choice) l.choice = i.choice;
    if (i.ref_type && i.ref_id) l.ref = { type: i.ref_type, id: i.ref_id };
    const known = i.existing_id ? existing[Number(/^E?(\d+)$/i.exec(i.existing_id)?.[1] ?? 0) - 1] : undefined;
    if (known && i.existing_relation) {
      l.existing = { relation: i.existing_relation, path: known.path, text: known.text, block: known.block };
    }
    return l;
  });
}
