// Table-driven: each kind of secret is replaced by its typed placeholder and counted; ordinary text that merely
// looks technical (git SHAs, UUIDs, thread ids, prose about tokens) comes through byte for byte.
import { addCounts, redact } from '../../../src/core/security/redact';
import { SECRETS } from './secret-samples';

describe('each kind of secret', () => {
  test.each(SECRETS)('%s: %s', (kind, text, survivor) => {
    const r = redact(text);
    expect(r.text).not.toContain(survivor);
    expect(r.text).toContain(`[REDACTED:${kind}]`);
    expect(r.counts[kind]).toBeGreaterThanOrEqual(1);
  });

  test('the name of an assignment and the scheme and host of a URL stay readable', () => {
    expect(redact('DB_PASSWORD=Tr0ub4dor-and-3').text).toBe('DB_PASSWORD=[REDACTED:password]');
    expect(redact('postgres://u:p4ssw0rd@db:5432/x').text).toBe('postgres://[REDACTED:connection-credentials]@db:5432/x');
    expect(redact('Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0').text).toBe('Authorization: Bearer [REDACTED:bearer-token]');
  });

  test('counts add up over several secrets and are deterministic', () => {
    const text = SECRETS.map(([, t]) => t).join('\n');
    const a = redact(text);
    const b = redact(text);
    expect(a).toEqual(b);
    expect(Object.values(a.counts).reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(SECRETS.length);
    for (const [, , survivor] of SECRETS) expect(a.text).not.toContain(survivor);
  });

  test('redacting twice changes nothing more', () => {
    const once = redact(SECRETS.map(([, t]) => t).join('\n'));
    const twice = redact(once.text);
    expect(twice.text).toBe(once.text);
    expect(twice.counts).toEqual({});
  });
});

describe('no false positives', () => {
  const HARMLESS = [
    'Committed as 8c1d2e4f90ab13cd57ef2468ac13bd57f9e02468 on feat/csv-import',
    'thread 019dba38-16d4-77fb-a0b0-c708a30f6f20, call call_q3pB7M7sgNpYJahf1zn1Cn4e',
    'The tokenizer streams chunks; max_tokens=4096 and token_count=12 are limits, not secrets.',
    'task-management-system-design and scikit-learn-intelex are package names',
    'git@github.com:maya-okafor/ledgerline.git and https://github.com/ana-lima/atlas.git',
    'The password: see the team vault for it.',
    'Set DB_PASSWORD=${DB_PASSWORD} in .env and PWD=/home/maya stays as is',
    'password: "********" and token = "<your token here>"',
    'Use a Bearer token in the Authorization header.',
    'export SECRET_KEY_BASE_LENGTH=64',
    'rs_504df137e51fdf1e06128b9cad43bed0c540c08bc3612ffb',
    'http://localhost:8080/api?page=2&per_page=50',
    'The AWS key id format starts with AKIA followed by 16 characters.',
    'secret sauce, a token gesture, keyboard shortcuts and the key to success',
  ];
  test.each(HARMLESS)('%s', (text) => {
    const r = redact(text);
    expect(r.text).toBe(text);
    expect(r.counts).toEqual({});
  });
});

test('addCounts sums by kind', () => {
  expect(addCounts({ jwt: 1 }, { jwt: 2, 'openai-key': 1 })).toEqual({ jwt: 3, 'openai-key': 1 });
});
