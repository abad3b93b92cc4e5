// The words recall reads a task by: Japanese cut into words, the projects a task names, and the per-prompt
// bar. Each table row is text in, answer out.
import { buildIndex } from '../../../src/core/recall';
import { promptBar, type BarHit } from '../../../src/core/recall/prompt-bar';
import { LinkResolver, namedProjects } from '../../../src/core/recall/scope';
import { terms } from '../../../src/core/recall/text';

describe('terms of text without spaces', () => {
  it.each([
    ['リリースの手順を教えて', ['リリース', '手順'], ['の', 'を']],
    ['翻訳担当に確認してください', ['翻訳', '担当', '確認'], ['に', 'ください', 'して']],
    ['数据管道的迁移', ['数据', '管道', '迁移'], []],
    ['deploy リリース v3.2', ['deploy', 'リリース', 'v3'], []],
  ])('%s', (text, has, hasNot) => {
    const t = terms(text);
    for (const w of has) expect(t).toContain(w);
    for (const w of hasNot) expect(t).not.toContain(w);
  });
});

describe('projects a task names', () => {
  const index = buildIndex([
    {
      path: 'projects/shop-api.md',
      text: '---\ntype: project\naliases: [storefront, shop backend]\nrepo: /src/shop-api-repo\n---\n# shop-api\n',
      mtime: 1,
    },
    { path: 'projects/invoice-cli.md', text: '---\ntype: project\nrepo: /src/billing\n---\n# invoice-cli\n', mtime: 1 },
    { path: 'projects/Pocket.md', text: '---\ntype: project\n---\n# Pocket\n', mtime: 1 },
  ]);
  const projects = [...index.notes.values()];
  const resolver = new LinkResolver(projects);
  it.each([
    ['how do we deploy shop-api?', ['projects/shop-api.md']],
    ['the Shop API deploy', ['projects/shop-api.md']],
    ['the storefront is down', ['projects/shop-api.md']],
    ['ask the shop backend team', ['projects/shop-api.md']],
    ['the shop is closed', []],
    ['look in shop-api-repo for it', ['projects/shop-api.md']],
    ['the billing repo', ['projects/invoice-cli.md']],
    ['see [[invoice-cli]] and [[Pocket|the app]]', ['projects/invoice-cli.md', 'projects/Pocket.md']],
    ['put it in my pocket', ['projects/Pocket.md']],
    ['invoices for the shop', []],
    ['', []],
  ])('%j', (task, named) => {
    expect([...namedProjects(task, projects, resolver)].sort()).toEqual([...named].sort());
  });
});

describe('the per-prompt bar', () => {
  const hit = (score: number, terms: string[], near = true): BarHit => ({ score, terms, near });
  it.each<[string, BarHit[], boolean[]]>([
    ['the best hit passes, a far weaker one does not', [hit(10, ['deploy']), hit(2, ['deploy'])], [true, false]],
    ['half the best passes', [hit(10, ['deploy']), hit(5, ['deploy'])], [true, true]],
    ['a verb alone is no subject', [hit(10, ['fix']), hit(9, ['fix'])], [false, false]],
    [
      'a prompt about two things: the best of each subject in the project passes',
      [hit(10, ['tax', 'total']), hit(1.5, ['migrat']), hit(1.2, ['migrat'])],
      [true, true, true],
    ],
    ['the second subject does not bring in another scope', [hit(10, ['tax', 'total']), hit(1.5, ['migrat'], false)], [true, false]],
    ['one word of six is too few', [hit(10, ['a1', 'a2', 'a3']), hit(6, ['a4'])], [true, false]],
    ['embeddings-only hits go by score', [hit(10, ['deploy']), hit(6, []), hit(3, [])], [true, true, false]],
    ['a prompt mostly about what no note holds', [hit(10, ['export'])], [false]],
  ])('%s', (_name, hits, expected) => {
    const words = [...new Set(hits.flatMap((h) => h.terms))];
    // The last row's prompt has five more words that no note matches.
    const prompt = _name.startsWith('a prompt mostly') ? [...words, 'button', 'colour', 'set', 'dialog', 'teal'] : words;
    const passes = promptBar(hits, 0.5, { terms: prompt, inVault: new Set(words) });
    expect(hits.map(passes)).toEqual(expected);
  });
});
