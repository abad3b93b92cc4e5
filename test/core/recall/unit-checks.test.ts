// The checks the pack makes on each unit read a pasted log of megabytes without copying it, and decide as the
// plain reading does: starter text (whitespace runs counted once), and the secret filter on heading + text.
import { unitExclusion } from '../../../src/core/recall/scope';
import { flagged, unitFlagged } from '../../../src/core/recall/search';
import { STARTER_INTROS } from '../../../src/core/vault/starter-notes';
import type { IndexedUnit } from '../../../src/core/recall/types';

const unit = (text: string, heading?: string): IndexedUnit => ({ id: 0, path: 'n.md', kind: 'section', text, heading, links: [], line: 1 });
const log = Array.from({ length: 5000 }, (_, i) => `harbour gauge ${i}: 1.42 m ok`).join('\n');

describe('starter text', () => {
  test('a starter intro is starter text however its whitespace runs', () => {
    for (const intro of STARTER_INTROS) {
      expect(unitExclusion(unit(intro))).toBe('starter text');
      expect(unitExclusion(unit(`  \n${intro.replace(/ /g, ' \t\n ')}\n\n`))).toBe('starter text');
      expect(unitExclusion(unit(`${intro} More.`))).toBeNull();
    }
  });

  test('a pasted log is not', () => {
    expect(unitExclusion(unit(log))).toBeNull();
  });
});

describe('secrets in a big unit', () => {
  const key = 'sk-proj-' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
  test.each([
    ['nothing', unit(log, 'Status')],
    ['a key in the text', unit(`${log}\nOPENAI_API_KEY=${key}\n${log}`, 'Status')],
    ['a key in the heading', unit(log, `Keys ${key}`)],
    ['a PEM block begun in the heading', unit(`MIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n${log}`, '-----BEGIN RSA PRIVATE KEY-----')],
    ['an AWS secret named in the heading', unit(`= ${'A'.repeat(20)}${'b'.repeat(20)}\n${log}`, 'aws_secret_access_key')],
  ])('%s: as flagged(heading + text) says', (_name, u) => {
    expect(unitFlagged(u)).toBe(flagged(`${u.heading ?? ''}\n${u.text}`));
  });

  test('the cases above flag what they should', () => {
    expect(unitFlagged(unit(log, 'Status'))).toBe(false);
    expect(unitFlagged(unit(`${log}\nOPENAI_API_KEY=${key}\n`, 'Status'))).toBe(true);
    expect(unitFlagged(unit(`= ${'A'.repeat(20)}${'b'.repeat(20)}\n${log}`, 'aws_secret_access_key'))).toBe(true);
  });
});
