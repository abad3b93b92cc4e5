// A small, hand-written memory vault covering every recall rule: a project found by repo path and one by
// remote, pinned and never notes, superseded and done notes, checked and open TODOs, a person, sessions,
// and a note holding a secret. Shared by the core, node and CLI recall tests.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NoteInput } from '../../../src/core/recall';

export const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

export const FIXTURE_NOTES: Record<string, string> = {
  'agent/preferences.md': `---
type: preferences
scope: global
memory: pin
---
# Preferences

- Answer in short paragraphs; no emoji. ^cm-pref1
- Run the tests before saying a change is done. ^cm-pref2
`,
  'projects/invoice-cli.md': `---
type: project
repo: /home/marta/src/invoice-cli
remote: git@github.com:marta/invoice-cli.git
status: active
---
# invoice-cli

## Status

Money handling moves from floats to Decimal; CHF support in progress.

## Decisions

- Money is never a float; totals use Decimal with ROUND_HALF_UP (tax office). [[people/Marta Lindqvist]] ^cm-dec1
- Invoices are rendered with Jinja templates. ^cm-dec2

## Open questions

- Should 5-rappen rounding apply to card payments? ^cm-q1

## Superseded

- Totals round with ROUND_HALF_EVEN. (superseded 2026-11-20 by [[agent/sessions/2026-11-20-decimal]]: tax office) ^cm-dec0
- ~~Invoices are emailed as plain text.~~ ^cm-dec00
`,
  'projects/weather-app.md': `---
type: project
repo: /home/marta/src/weather-app
remote: https://github.com/marta/weather-app
status: active
---
# weather-app

## Decisions

- Forecasts are cached for ten minutes in Redis. ^cm-w1
- Temperature rounding uses one decimal place. ^cm-w2
`,
  'projects/old-billing.md': `---
type: project
repo: /home/marta/src/old-billing
status: done
---
# old-billing

- Billing used floats and rounded with ROUND_HALF_EVEN. ^cm-old1
`,
  'people/Marta Lindqvist.md': `---
type: person
aliases: [Marta]
---
# Marta Lindqvist

- Decides rounding and tax questions for invoice-cli. ^cm-p1
- Prefers reviews in the morning. ^cm-p2
`,
  'TODO.md': `---
type: todo
---
# TODO

- [ ] Add a CHF invoice test with 5-rappen rounding. [[projects/invoice-cli]] ^cm-t1
- [x] Replace float totals with Decimal. [[projects/invoice-cli]] ^cm-t2
- [ ] Show the forecast for tomorrow. [[projects/weather-app]] ^cm-t3
`,
  'agent/sessions/2026-11-20-decimal.md': `---
type: session
cwd: /home/marta/src/invoice-cli
started: 2026-11-20T09:00:00Z
sources: ["[[projects/invoice-cli]]"]
---
## Summary

Switched invoice totals from floats to Decimal and agreed on ROUND_HALF_UP with Marta.

## Next steps

- [ ] Check rounding of discounts. ^cm-s1
`,
  'notes/rounding-old.md': `---
type: topic
status: superseded
superseded_by: "[[notes/rounding]]"
---
# Rounding (old)

- Round invoice totals with ROUND_HALF_EVEN (banker's rounding). ^cm-r0
`,
  'notes/rounding.md': `---
type: topic
---
# Rounding

- Swiss francs round to 5 rappen for cash payments. ^cm-r1
`,
  'notes/private-diary.md': `---
type: topic
memory: never
---
# Private diary

- Invoice rounding makes me anxious; the tax office letter is in the drawer. ^cm-d1
`,
  'notes/done-topic.md': `---
type: topic
status: done
---
# Finished rounding migration

- The rounding migration of invoice totals is finished. ^cm-x1
`,
  'notes/deploy-secrets.md': `---
type: topic
---
# Deploy

- The invoice rounding service deploys with OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD ^cm-k1
- Deploys of the invoice service run from CI. ^cm-k2
`,
  'notes/pinned-weather.md': `---
type: topic
memory: pin
sources: ["[[projects/weather-app]]"]
---
# Weather pin

- Weather-app forecasts must never be shown older than one hour. ^cm-wp1
`,
};

/** Modification times: a week old, except the most recent session. */
export function fixtureInputs(): NoteInput[] {
  return Object.entries(FIXTURE_NOTES).map(([p, text]) => ({ path: p, text, mtime: NOW - 7 * DAY }));
}

export async function writeFixtureVault(extra: Record<string, string> = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cm-recall-'));
  for (const [rel, text] of Object.entries({ ...FIXTURE_NOTES, ...extra })) {
    const abs = path.join(dir, ...rel.split('/'));
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, text);
  }
  return dir;
}
