// Planted secrets for the redaction tests: [kind, text containing the secret, a fragment that must not survive].
// Assembled at runtime so the repository itself holds no string a secret scanner would flag.
const j = (...parts: string[]): string => parts.join('');
const PEM_BODY =
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQz';

export const SECRETS: [kind: string, text: string, survivor: string][] = [
  ['openai-key', j('OPENAI_API_KEY=sk-proj-', 'Zx81Kq0VfRt5Lm2Wp7Yc4Nd9Hb3Gs6Jj1Tq8Ue0Ia5Ob2Pc7'), 'Zx81Kq0VfRt5'],
  ['openai-key', j('key: sk-', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijkl'), 'AbCdEfGhIjKl'],
  ['anthropic-key', j('export ANTHROPIC_API_KEY=sk-ant-api03-', 'q1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCvBnM'), 'q1W2e3R4t5Y6'],
  ['aws-access-key', j('aws_access_key_id = AKIA', 'Q3EGRRKTX2SUXB4F'), 'Q3EGRRKTX2SU'],
  ['aws-secret-key', j('aws_secret_access_key = ', 'h7Tq2Lw9/Xb4Kc8Zr1Nf5Vd3Mj6Ps0Yg+Ue2Wa4I'), 'h7Tq2Lw9/Xb4'],
  ['aws-secret-key', j('"SecretAccessKey": "', 'h7Tq2Lw9/Xb4Kc8Zr1Nf5Vd3Mj6Ps0Yg+Ue2Wa4I', '"'), 'h7Tq2Lw9/Xb4'],
  ['github-token', j('git clone with ghp_', 'R8t2Yv6Bn1Mq4Wz7Xc3Kd9Lf5Hg0Js2Pa8Qe'), 'R8t2Yv6Bn1Mq'],
  ['github-token', j('GH_TOKEN=github_pat_', '11ABCDEFG0abcdefghij_klmnopqrstuvwxyz0123456789ABCDEFGHIJ'), '11ABCDEFG0abcd'],
  ['gitlab-token', j('PRIVATE-TOKEN: glpat-', 'x7Yk2Pq9Lm4Nw1Rt6Zb3'), 'x7Yk2Pq9Lm4N'],
  ['slack-token', j('xoxb-', '2873641902-5520381947261-Qm8Rt2Lp9Xv4Kd7Hb1Nc6'), '5520381947261'],
  ['slack-webhook', j('https://hooks.slack.com/services/', 'T0123ABCD/B0456EFGH/q9Lw2Rt7Xv4Kp1Zm8Nc3Hb6'), 'q9Lw2Rt7Xv4K'],
  ['private-key', j('-----BEGIN RSA ', 'PRIVATE KEY-----\n', PEM_BODY, '\n-----END RSA ', 'PRIVATE KEY-----'), 'MIIEowIBAAKC'],
  ['private-key', j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', PEM_BODY), 'MIIEowIBAAKC'],
  [
    'jwt',
    j('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ik1heWEifQ', '.Qm8Rt2Lp9Xv4Kd7Hb1Nc6Zx81Kq0VfRt5'),
    'eyJzdWIiOiIxMjM0',
  ],
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
  ['npm-token', j('//registry.npmjs.org/:_authToken=npm_', 'Qm8Rt2Lp9Xv4Kd7Hb1Nc6Zx81Kq0VfRt5Lm2'), 'Qm8Rt2Lp9Xv4'],
  ['huggingface-token', j('HF hf_', 'Qm8Rt2Lp9Xv4Kd7Hb1Nc6Zx81Kq0VfRt5Lm'), 'Qm8Rt2Lp9Xv4'],
];
