// styles.css uses the theme's variables only, so the plugin reads well in light and dark themes, and it styles
// every class the plugin's views put on the page.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const css = readFileSync(path.resolve(__dirname, '../../styles.css'), 'utf8');
const rules = css.replace(/\/\*[\s\S]*?\*\//g, '');

test('every colour, size and font comes from an Obsidian CSS variable', () => {
  const declarations = [...rules.matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/g)].map((m) => ({ prop: m[1], value: m[2].trim() }));
  expect(declarations.length).toBeGreaterThan(40);
  for (const { prop, value } of declarations) {
    // No hard-coded colours, and no fixed pixel sizes that ignore the person's font settings.
    expect({
      prop,
      value,
      hex: /#[0-9a-f]{3,8}\b/i.test(value),
      named: /\b(?:white|black|red|green|blue|gray|grey)\b/.test(value.replace(/var\(--[\w-]+\)/g, '')),
      px: /\d+px/.test(value),
    }).toEqual({ prop, value, hex: false, named: false, px: false });
    if (/color|background|border-color/.test(prop)) expect(value).toMatch(/var\(--/);
  }
});

test('the classes the review modal, preview, inbox and status bar use are all styled', () => {
  const used = [
    'codex-memory-review-note',
    'codex-memory-review-path',
    'codex-memory-badge',
    'codex-memory-op-add',
    'codex-memory-op-supersede',
    'codex-memory-diff-line',
    'is-added',
    'is-removed',
    'codex-memory-error',
    'codex-memory-budget',
    'codex-memory-toggles',
    'codex-memory-proposal',
    'codex-memory-status',
    'codex-memory-session-meta',
  ];
  for (const cls of used) expect(rules).toContain(`.${cls}`);
});
