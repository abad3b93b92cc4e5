// Table-driven: each kind of secret is replaced by its typed placeholder and counted; ordinary text that merely
// looks technical (git SHAs, UUIDs, thread ids, prose about tokens) comes through byte for byte.
import { addCounts, redact } from '../../../src/core/security/redact';

// Assembled at runtime so the repository itself holds no string a secret scanner would flag.
const j = (...parts: string[]): string => parts.join('');
const PEM_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQz';

const SECRETS: [kind: string, text: string, survivor: string][] = [
  ['openai-key', j('OPENAI_API_KEY=sk-proj-', 'Zx81Kq0VfRt5Lm2Wp7Yc4Nd9Hb3Gs6Jj1Tq8Ue0Ia5Ob2Pc7'), 'Zx81Kq0VfRt5'],
  ['openai-key', j('key: sk-', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijkl'), 'AbCdEfGhIjKl'],
  ['anthropic-key', j('export ANTHROPIC_API_KEY=sk-ant-api03-', 'q1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnM'), 'q1W2e3R4t5Y6'],
  ['aws-access-key', j('aws_access_key_id = AKIA', 'Q3EGRRKTX2SUXB4F'), 'Q3EGRRKTX2SU'],
  ['aws-secret-key', j('aws_secret_access_key = ', 'h7Tq2Lw9/Xb4Kc8Zr1Nf5Vd3Mj6Ps0Yg+Ue2Wa4Io'), 'h7Tq2Lw9/Xb4'],
  ['aws-secret-key', j('"SecretAccessKey": "', 'h7Tq2Lw9/Xb4Kc8Zr1Nf5Vd3Mj6Ps0Yg+Ue2Wa4Io', '"'), 'h7Tq2Lw9/Xb4'],
  ['github-token', j('git clone with ghp_', 'R8t2Yv6Bn1Mq4Wz7Xc3Kd9Lf5Hg0Js2Pa8Qe'), 'R8t2Yv6Bn1Mq'],
  ['github-token', j('GH_TOKEN=github_pat_', '11ABCDEFG0abcdefghij_klmnopqrstuvwxyz0123456789ABCDEFGHIJ'), '11ABCDEFG0abcd'],
  ['gitlab-token', j('PRIVATE-TOKEN: glpat-', 'x7Yk2Pq9Lm4Nw1Rt6Zb3'), 'x7Yk2Pq9Lm4N'],
  ['slack-token', j('xoxb-', '2873641902-5520381947261-Qm8Rt2Lp9Xv4Kd7Hb1Nc6'), '5520381947261'],
  ['slack-webhook', j('https://hooks.slack.com/services/', 'T0123ABCD/B0456EFGH/q9Lw2Rt7Xv4Kp1Zm8Nc3Hb6'), 'q9Lw2Rt7Xv4K'],
  ['private-key', j('-----BEGIN RSA ', 'PRIVATE KEY-----\n', PEM_BODY, '\n-----END RSA ', 'PRIVATE KEY-----'), 'MIIEowIBAAKC'],
  ['private-key', j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', PEM_BODY), 'MIIEowIBAAKC'],
  ['jwt', j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ik1heWEifQ', '.Qm8Rt2Lp9Xv4Kd7Hb1Nc6Zx81Kq0VfRt5'), 'eyJzdWIiOiIxMjM0'],
  ['bearer-token', j('curl -H "Authorization: Bearer ', '9f8e7d6c5b4a39281706f5e4d3c2b1a0', '" https://api.example.com'), '9f8e7d6c5b4a'],
  ['basic-auth', j('Authorization: Basic ', 'bWF5YTpodW50ZXIyMjIy'), 'bWF5YTpodW50'],
  ['password', 'DB_PASSWORD=Tr0ub4dor-and-3', 'Tr0ub4dor'],
  ['password', 'psql --password=Hunter2Hunter2', 'Hunter2Hunter2'],
  ['password', '{"password": "correct horse"}'.replace(' horse', '-horse-battery'), 'correct-horse'],
  ['password', 'smtp:\n  password: w0rdP4ss-x9\n', 'w0rdP4ss'],
  ['token', 'https://api.example.com/v1/export?token=a81f3c9d22e7&format=csv', 'a81f3c9d22e7'],
  ['secret', 'CLIENT_SECRET=7sd8f7g6h5j4k3', '7sd8f7g6h5j4k3'],
  ['connection-credentials', 'DATABASE_URL=postgres://ledger:s3cr3t-Pa55@db.internal:5432/ledger', 's3cr3t-Pa55'],
  ['connection-credentials', 'git remote add origin https://x-access-token:abc123def456@github.com/org/repo.git', 'abc123def456'],
  ['google-api-key', j('AIza', 'SyD4x9Lw2Rt7Xv4Kp1Zm8Nc3Hb6Qe0Ja5Ob'), 'SyD4x9Lw2Rt7'],
  ['stripe-key', j('sk_live_', '51H8xLw2Rt7Xv4Kp1Zm8Nc3'), '51H8xLw2Rt7X'],
  ['npm-token', j('//registry.npmjs.org/:_authToken=npm_', 'Qm8Rt2Lp9Xv4Kd7Hb1Nc6Zx81Kq0VfRt5Lm2W'), 'Qm8Rt2Lp9Xv4'],
  ['huggingface-token', j('HF hf_', 'Qm8Rt2Lp9Xv4Kd7Hb1Nc6Zx81Kq0VfRt5Lm'), 'Qm8Rt2Lp9Xv4'],
];

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
