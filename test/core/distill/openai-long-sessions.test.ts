// Long sessions and the model distiller: split to fit one request, every turn sent exactly once and in
// order, the parts' answers merged without repeats, less tool detail when the cap is tight.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createOpenAIDistiller } from '../../../src/core/distill/openai';
import { messagesOf, reply, startOpenAIServer, type OpenAIServer } from '../../support/openai-server';
import { answerJson } from './helpers/answers';
import { exec, makeThread } from './helpers/thread';

const TURNS = 24;
const longThread = makeThread(
  Array.from({ length: TURNS }, (_, i) => ({
    user: `Turn ${i + 1} request: refactor module m${i + 1} so that it reads its settings once at start-up. ${'Some context about the module. '.repeat(12)}`,
    tools: [exec(`pnpm test m${i + 1}`, `output of test run ${i + 1}\n${'PASS some/test/file.test.ts (3 tests)\n'.repeat(30)}`)],
    answer: `Refactored m${i + 1}: settings are read once in init(). ${'Details about the change. '.repeat(10)}`,
  })),
);

let server: OpenAIServer;
afterEach(async () => {
  await server?.close();
});

function userContents(): string[] {
  return server.requests.map((r) => messagesOf(r)[1].content);
}

it('splits a long session into parts that each fit one request, and merges the answers', async () => {
  const areas = ['parser', 'scheduler', 'exporter', 'renderer', 'indexer', 'uploader', 'mailer', 'cache', 'router', 'logger'];
  server = await startOpenAIServer((req) => {
    const part = Number(/part (\d+) of/.exec(messagesOf(req)[1].content)?.[1] ?? '1');
    return reply.chat(
      answerJson([
        { kind: 'preference', text: 'Read settings once at start-up.', evidence: 'user' },
        { kind: 'status', text: `The ${areas[part - 1]} got its settings refactor.`, evidence: 'assistant' },
      ]),
    );
  });
  const maxInputTokens = 3000;
  const d = createOpenAIDistiller({ baseURL: server.url, model: 'm', apiKey: 'k', tokenCap: 200_000, maxInputTokens });
  const progress: string[] = [];
  const l = await d.distill(longThread, { onProgress: (m) => progress.push(m) });

  const parts = server.requests.length;
  expect(parts).toBeGreaterThan(2);
  for (const r of server.requests) {
    const sent = messagesOf(r).reduce((sum, m) => sum + countTokens(m.content), 0);
    expect(sent).toBeLessThanOrEqual(maxInputTokens);
  }
  // Every turn header appears exactly once across all parts, in order.
  const headers = userContents().flatMap((c) => [...c.matchAll(/=== Turn (\d+) /g)].map((m) => Number(m[1])));
  expect(headers).toEqual(Array.from({ length: TURNS }, (_, i) => i + 1));
  expect(userContents()[0]).toMatch(new RegExp(`part 1 of ${parts} of one session \\(turns 1–\\d+\\)`));
  expect(progress).toEqual(Array.from({ length: parts }, (_, i) => `Distilling part ${i + 1} of ${parts} with the openai distiller…`));

  expect(l.items.filter((i) => i.kind === 'preference')).toHaveLength(1);
  expect(l.items.filter((i) => i.kind === 'status')).toHaveLength(parts);
});

it('sends less tool output rather than going over the cap', async () => {
  const small = makeThread([
    {
      user: 'Why does the build fail?',
      tools: [exec('pnpm build', `${'error TS2345: Argument of type string is not assignable. '.repeat(150)}`)],
      answer: 'A type error in src/app.ts.',
    },
  ]);
  server = await startOpenAIServer(() => reply.chat(answerJson([])));
  const full = createOpenAIDistiller({ baseURL: server.url, model: 'm', apiKey: 'k', tokenCap: 200_000 });
  await full.distill(small);
  const roomy = userContents()[0];
  const system = messagesOf(server.requests[0])[0].content;
  // Room for everything but 150 of the tokens the full tool output takes (and the answer allowance).
  const cap = countTokens(system) + countTokens(roomy) + 1500 - 150;
  const tight = createOpenAIDistiller({ baseURL: server.url, model: 'm', apiKey: 'k', tokenCap: cap });
  await tight.distill(small);
  const trimmed = userContents()[1];
  expect(trimmed.length).toBeLessThan(roomy.length);
  expect(trimmed).toContain('Why does the build fail?');
  expect(trimmed).toContain('A type error in src/app.ts.');
});
