import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { Notice } from 'obsidian';

test('remark parses under jest', () => {
  const tree = unified().use(remarkParse).parse('# Hi\n\n- a ^cm-1\n');
  expect(tree.children.length).toBe(2);
});
test('obsidian is mocked', () => {
  expect(typeof Notice).toBe('function');
});
