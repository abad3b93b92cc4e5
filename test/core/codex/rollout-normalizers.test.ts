// One real line of each rollout generation through its normaliser (src/core/codex/rollout/), and the
// detection that picks the normaliser. Lines are copied from test/core/codex/fixtures and the shared fixtures
// (codex-sessions: pre-envelope and envelope; codex-real: Codex 0.169.0, paginated). world_state and the
// compacted record's replacement_history are cut short: neither is read.
import { lineGeneration, normalizeLine } from '../../../src/core/codex/rollout/detect';
import type { RolloutEvent } from '../../../src/core/codex/rollout/events';
import type { Json } from '../../../src/core/codex/rollout/json';
import { normalizeEnvelope } from '../../../src/core/codex/rollout/normalize-envelope';
import { normalizePaginated } from '../../../src/core/codex/rollout/normalize-paginated';
import { normalizePreEnvelope } from '../../../src/core/codex/rollout/normalize-pre-envelope';
import type { RolloutFormat } from '../../../src/core/codex/thread';

const PRE_HEADER = String.raw`{"id":"a5a25bf8-b5fd-47c0-8ce1-a3dafcc3259f","timestamp":"2025-09-03T14:47:29.812Z","instructions":"- Use pnpm, not npm.\n- Keep the importer CLI backwards compatible.","git":{"commit_hash":"a41f09b2c3d4e5f60718293a4b5c6d7e8f901234","branch":"main","repository_url":"git@github.com:maya-okafor/ledgerline.git"}}`;
const PRE_STATE = String.raw`{"record_type":"state"}`;
const PRE_CALL = String.raw`{"type":"function_call","name":"shell","arguments":"{\"command\":[\"bash\",\"-lc\",\"rg -n \\\"argv|insertRows|commander\\\" src/cli/import.ts src/db\"],\"workdir\":\"/Users/maya/src/ledgerline\"}","call_id":"call_HTNJ6GfdqcrYJIAQlu57tOxH"}`;
const ENV_USER_EVENT = String.raw`{"timestamp":"2026-04-23T12:02:12.256Z","type":"event_msg","payload":{"type":"user_message","message":"The CSV import in src/import/csv.ts chokes on quoted fields that contain newlines (memo fields from Deutsche Bank statements). See LED-142 in Linear. Can you fix it?\n\nGround rules for this repo: I prefer small, focused commits, and please don't add new dependencies without asking me first.","local_images":[],"text_elements":[]}}`;
const ENV_COMPACTED = String.raw`{"timestamp":"2026-09-14T08:00:19.133Z","type":"compacted","payload":{"message":"Summary so far: the nightly export fails because the export role lacks USAGE on sequence invoices_id_seq (GitHub #88, Ruth). Next: add a migration granting it."}}`;
const PAG_USER_ITEM = String.raw`{"timestamp":"2026-11-22T04:39:35.205Z","ordinal":7,"type":"response_item","payload":{"type":"message","id":"msg_01a2018d-6c25-7851-8c7e-096c101c4173","role":"user","content":[{"type":"input_text","text":"The invoice totals are off by one cent for EUR invoices; look at src/totals.py. We never use floats for money here, so use Decimal. Ask Marta about the rounding mode if unsure."}],"internal_chat_message_metadata_passthrough":{"turn_id":"01a2018d-6bec-7e83-b3fe-3d0e454d3835","create_time":1795322375.2051399,"content_item_kinds":["user.text"],"content_item_metadata":[{"provenance":{"type":"user"}}]}}}`;
const PAG_AGENT_DONE = String.raw`{"timestamp":"2026-11-22T04:39:35.546Z","ordinal":16,"type":"event_msg","payload":{"type":"item_completed","thread_id":"01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a","turn_id":"01a2018d-6bec-7e83-b3fe-3d0e454d3835","item":{"type":"AgentMessage","id":"msgc_2","content":[{"type":"Text","text":"Reproducing the one-cent error with the existing test first."}],"phase":"commentary"},"started_at_ms":1795322375546,"completed_at_ms":1795322375546}}`;
const PAG_USAGE = String.raw`{"timestamp":"2026-11-22T04:39:35.296Z","ordinal":12,"type":"token_usage_record","payload":{"thread_id":"01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a","turn_id":"01a2018d-6bec-7e83-b3fe-3d0e454d3835","session_id":"01a2018d-6bd5-7d93-8b56-e52f8a7d3e3a","root_turn_id":"01a2018d-6bec-7e83-b3fe-3d0e454d3835","response_id":"resp_1","usage":{"input_tokens":1200,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":80,"reasoning_output_tokens":16,"total_tokens":1280},"turn_token_usage":{"input_tokens":1200,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":80,"reasoning_output_tokens":16,"total_tokens":1280},"thread_token_usage":{"input_tokens":1200,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":80,"reasoning_output_tokens":16,"total_tokens":1280}}}`;
const PAG_WORLD = String.raw`{"timestamp":"2026-11-22T04:39:35.190Z","ordinal":4,"type":"world_state","payload":{"full":true,"state":{"agents_md":{},"apps_instructions":false}}}`;

const pre: RolloutEvent = { kind: 'generation', generation: 'pre-envelope', session: true };
const envelope: RolloutEvent = { kind: 'generation', generation: 'envelope', session: true };
const ordinal: RolloutEvent = { kind: 'generation', generation: 'paginated', session: false };
const at = (timestamp: string): RolloutEvent => ({ kind: 'timestamp', timestamp });

const cases: { name: string; line: string; generation: RolloutFormat; normalize: (l: Json) => RolloutEvent[]; events: RolloutEvent[] }[] = [
  {
    name: 'pre-envelope header',
    line: PRE_HEADER,
    generation: 'pre-envelope',
    normalize: (l) => normalizePreEnvelope(l, true),
    events: [
      pre,
      {
        kind: 'meta',
        id: 'a5a25bf8-b5fd-47c0-8ce1-a3dafcc3259f',
        startedAt: '2025-09-03T14:47:29.812Z',
        git: { branch: 'main', commit: 'a41f09b2c3d4e5f60718293a4b5c6d7e8f901234', remote: 'git@github.com:maya-okafor/ledgerline.git' },
      },
    ],
  },
  {
    name: 'pre-envelope header shape after the file is known',
    line: PRE_HEADER,
    generation: 'pre-envelope',
    normalize: (l) => normalizePreEnvelope(l, false),
    events: [],
  },
  {
    name: 'pre-envelope state snapshot',
    line: PRE_STATE,
    generation: 'pre-envelope',
    normalize: (l) => normalizePreEnvelope(l, false),
    events: [pre],
  },
  {
    name: 'pre-envelope bare function_call',
    line: PRE_CALL,
    generation: 'pre-envelope',
    normalize: (l) => normalizePreEnvelope(l, false),
    events: [
      pre,
      {
        kind: 'tool_call',
        call: {
          callId: 'call_HTNJ6GfdqcrYJIAQlu57tOxH',
          name: 'shell',
          kind: 'exec',
          input: 'rg -n "argv|insertRows|commander" src/cli/import.ts src/db',
          counted: true,
        },
        timestamp: undefined,
      },
    ],
  },
  {
    name: 'envelope user_message event',
    line: ENV_USER_EVENT,
    generation: 'envelope',
    normalize: normalizeEnvelope,
    events: [
      at('2026-04-23T12:02:12.256Z'),
      envelope,
      {
        kind: 'prompt',
        from: 'event',
        text: "The CSV import in src/import/csv.ts chokes on quoted fields that contain newlines (memo fields from Deutsche Bank statements). See LED-142 in Linear. Can you fix it?\n\nGround rules for this repo: I prefer small, focused commits, and please don't add new dependencies without asking me first.",
        timestamp: '2026-04-23T12:02:12.256Z',
      },
    ],
  },
  {
    name: 'envelope compacted record',
    line: ENV_COMPACTED,
    generation: 'envelope',
    normalize: normalizeEnvelope,
    events: [
      at('2026-09-14T08:00:19.133Z'),
      envelope,
      {
        kind: 'compaction',
        message:
          'Summary so far: the nightly export fails because the export role lacks USAGE on sequence invoices_id_seq (GitHub #88, Ruth). Next: add a migration granting it.',
      },
    ],
  },
  {
    name: 'paginated response_item (shared with the envelope)',
    line: PAG_USER_ITEM,
    generation: 'paginated',
    normalize: normalizePaginated,
    events: [
      at('2026-11-22T04:39:35.205Z'),
      envelope,
      {
        kind: 'prompt',
        from: 'item',
        text: 'The invoice totals are off by one cent for EUR invoices; look at src/totals.py. We never use floats for money here, so use Decimal. Ask Marta about the rounding mode if unsure.',
        timestamp: '2026-11-22T04:39:35.205Z',
      },
      ordinal,
    ],
  },
  {
    name: 'paginated item_completed AgentMessage',
    line: PAG_AGENT_DONE,
    generation: 'paginated',
    normalize: normalizePaginated,
    events: [
      at('2026-11-22T04:39:35.546Z'),
      envelope,
      ordinal,
      {
        kind: 'answer',
        from: 'event',
        text: 'Reproducing the one-cent error with the existing test first.',
        phase: 'commentary',
        timestamp: '2026-11-22T04:39:35.546Z',
      },
    ],
  },
  {
    name: 'paginated token_usage_record',
    line: PAG_USAGE,
    generation: 'paginated',
    normalize: normalizePaginated,
    events: [
      at('2026-11-22T04:39:35.296Z'),
      ordinal,
      { kind: 'usage', usage: { input: 1200, cachedInput: 0, output: 80, reasoningOutput: 16, total: 1280 } },
    ],
  },
  {
    name: 'paginated world_state',
    line: PAG_WORLD,
    generation: 'paginated',
    normalize: normalizePaginated,
    events: [at('2026-11-22T04:39:35.190Z'), ordinal],
  },
];

describe.each(cases)('$name', ({ line, generation, normalize, events }) => {
  const json = JSON.parse(line) as Json;

  test('is told apart as its generation', () => {
    expect(lineGeneration(json)).toBe(generation);
  });

  test('normalises to the expected events', () => {
    expect(normalize(json)).toEqual(events);
  });
});

test('normalizeLine hands each line to its generation’s normaliser', () => {
  expect(normalizeLine(JSON.parse(PRE_HEADER) as Json, true)).toEqual(normalizePreEnvelope(JSON.parse(PRE_HEADER) as Json, true));
  expect(normalizeLine(JSON.parse(ENV_USER_EVENT) as Json, false)).toEqual(normalizeEnvelope(JSON.parse(ENV_USER_EVENT) as Json));
  expect(normalizeLine(JSON.parse(PAG_USAGE) as Json, false)).toEqual(normalizePaginated(JSON.parse(PAG_USAGE) as Json));
});

test('an item_completed event without an ordinal is still read, without marking the file paginated', () => {
  const line = JSON.parse(PAG_AGENT_DONE) as Json;
  delete line.ordinal;
  expect(lineGeneration(line)).toBe('paginated');
  expect(normalizeLine(line, false)).toEqual([
    at('2026-11-22T04:39:35.546Z'),
    envelope,
    {
      kind: 'answer',
      from: 'event',
      text: 'Reproducing the one-cent error with the existing test first.',
      phase: 'commentary',
      timestamp: '2026-11-22T04:39:35.546Z',
    },
  ]);
});
