// The model path gets the same rules as the offline one: the prompt asks for choices, chains, filing and
// note wording, and the same post-checks run on what comes back. A scripted model (the real `openai` SDK
// over HTTP to a server on 127.0.0.1) answers an A → B → A session about a deploy strategy in the raw
// words a model may use; the planner files it into a real temp vault the way a careful person would.
import { createOpenAIDistiller } from '../../../src/core/distill/openai';
import { LEARNINGS_SCHEMA } from '../../../src/core/distill/model/schema';
import { parseNote, readStructure } from '../../../src/core/notes';
import { messagesOf, reply, startOpenAIServer, type OpenAIServer } from '../../support/openai-server';
import { checkpointLearnings, snapshot, tempVault, type TempVault } from '../memory/fixtures';
import { answerJson } from './helpers/answers';
import { makeThread } from './helpers/thread';

const thread = makeThread(
  [
    { user: "Let's use blue-green deploys for the billing API.", answer: 'Added a blue-green pipeline in `deploy/billing.yaml`.' },
    { user: 'Switch to canary releases, blue-green doubles the RDS cost.', answer: 'Switched `deploy/billing.yaml` to canary.' },
    {
      user: 'ok scratch that, blue-green it is. Checked with Amara: finance approved the cost. You can roll it out tomorrow.',
      answer: 'Back on blue-green in `deploy/billing.yaml`.',
    },
  ],
  {
    id: '01c3d5e7-0000-7000-8000-0000000000b4',
    cwd: '/home/lena/src/harbor',
    git: { remote: 'git@github.com:lena-k/harbor.git' },
    startedAt: '2026-11-03T09:00:00.000Z',
  },
);

// What a model says, in its own (raw) words: the post-checks make notes of it.
const ANSWER = answerJson(
  [
    { kind: 'decision', turn: 1, text: "Let's use blue-green deploys for the billing API.", choice: 'blue-green deploys' },
    {
      kind: 'reversed_decision',
      turn: 2,
      text: 'Dropped blue-green deploys.',
      reversed_what: 'blue-green deploys',
      reversed_reason: 'blue-green doubles the RDS cost',
      replaced_by: 'canary releases',
    },
    { kind: 'decision', turn: 2, text: 'Switch to canary releases, blue-green doubles the RDS cost.', choice: 'canary releases' },
    { kind: 'reversed_decision', turn: 3, text: 'Dropped canary releases.', reversed_what: 'canary releases', replaced_by: 'blue-green deploys' },
    { kind: 'decision', turn: 3, text: 'ok scratch that, blue-green it is.', choice: 'blue-green deploys' },
    { kind: 'person', turn: 3, text: 'Checked with Amara: finance approved the cost.', subject_type: 'person', subject_name: 'Amara' },
    { kind: 'todo', turn: 3, text: 'You can roll it out tomorrow.' },
  ],
  'Billing API deploy strategy',
);

let server: OpenAIServer;
let v: TempVault;
beforeEach(async () => {
  v = await tempVault();
  server = await startOpenAIServer([reply.chat(ANSWER)]);
});
afterEach(async () => {
  await server.close();
  await v.cleanup();
});

function section(note: string, heading: string): string[] {
  return readStructure(parseNote('x.md', note))
    .items.filter((i) => i.headingPath[i.headingPath.length - 1] === heading)
    .map((i) => i.text.replace(/\s*\^cm-[a-z0-9]+$/, ''));
}

test('the prompt and schema carry the chain, filing and wording rules', async () => {
  const d = createOpenAIDistiller({ baseURL: server.url, model: 'test-model', apiKey: 'test-key', tokenCap: 100_000 });
  await d.distill(thread);
  const system = messagesOf(server.requests[0])[0].content;
  expect(system).toMatch(/choice/);
  expect(system).toMatch(/A, then B, then A again/);
  expect(system).toMatch(/never report a choice the session came back to as reversed/);
  expect(system).toMatch(/person item holds a fact about the person/);
  expect(system).toMatch(/third person.*decision first.*dates absolute/s);
  expect(LEARNINGS_SCHEMA.properties.items.items.required).toContain('choice');
});

test('A → B → A from a model: one current decision with its history, nothing superseded, a link in the person note, note wording', async () => {
  const d = createOpenAIDistiller({ baseURL: server.url, model: 'test-model', apiKey: 'test-key', tokenCap: 100_000 });
  const learnings = await d.distill(thread);
  await checkpointLearnings(v, thread, learnings, '2026-11-03T10:00:00.000Z');
  const notes = await snapshot(v);

  const project = notes['projects/harbor.md'];
  expect(section(project, 'Decisions')).toEqual([
    expect.stringMatching(
      /^Use blue-green deploys for the billing API\. History: proposed blue-green deploys \(turn 1\); changed to canary releases \(turn 2: blue-green doubles the RDS cost\); back to blue-green deploys \(turn 3\)\.$/,
    ),
  ]);
  expect(section(project, 'Superseded')).toEqual([]);
  expect(project).not.toMatch(/scratch that|Let's/);

  const amara = notes['people/Amara.md'];
  expect(section(amara, 'Decisions')).toEqual([
    expect.stringMatching(/^Weighed in on \[\[projects\/harbor#\^cm-[a-z0-9]+\|Use blue-green deploys for the billing API\]\] \(2026-11-03\)$/),
  ]);
  expect(amara).not.toMatch(/blue-green doubles|canary/);

  expect(section(notes['TODO.md'], 'harbor')).toEqual([expect.stringMatching(/^Codex can roll it out on 2026-11-04\. /)]);
});
