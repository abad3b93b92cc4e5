// Deterministic secret filter. Everything a distiller sees or the program stores passes through it first.
// Patterns are deliberately precise: a git SHA, a UUID, a thread id or ordinary prose must survive untouched,
// so each rule keys on a vendor prefix, a PEM header, or a name that says "this is a secret".

export type RedactionCounts = Record<string, number>;

export interface RedactResult {
  text: string;
  counts: RedactionCounts;
}

export function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

interface Rule {
  kind: string | ((m: string[]) => string);
  /** Text the rule cannot match without; checked first because most strings hold no secret at all. */
  hint: string | RegExp;
  re: RegExp;
  /** Builds the replacement from the match; defaults to the bare placeholder. */
  replace?: (m: string[], kind: string) => string;
  /** Return false to leave a match alone (a variable reference, an existing placeholder…). */
  accept?: (m: string[]) => boolean;
}

const SECRET_WORD = 'password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?';
// A sensitive word followed (after an optional quote) by ':' or '=': every assignment rule needs one.
const ASSIGNMENT = new RegExp(`(?:${SECRET_WORD})["']?[ \\t]*[:=]`, 'i');

// Names whose value is a secret when assigned. The sensitive word must end the name, so `max_tokens`,
// `token_count` or `password_hash` are not taken for secrets. `PWD` is the working directory, not a password.
const SECRET_NAME = `[A-Za-z0-9_.-]*?(?:${SECRET_WORD})`;

const NOT_A_VALUE =
  /^(?:\$|%|<|\{|\[REDACTED|\*{3,}|x{4,}$|process\.env|os\.environ|env\.|getenv|true$|false$|null$|none$|undefined$|required$|optional$)/i;

function valueKind(name: string): string {
  const n = name.toLowerCase();
  if (/pass(?:word|wd|phrase)/.test(n)) return 'password';
  if (n.endsWith('token')) return 'token';
  return 'secret';
}

const keepPrefix =
  (group: number) =>
  (m: string[], kind: string): string =>
    m.slice(1, group).join('') + placeholder(kind);

const RULES: Rule[] = [
  {
    // A PEM block. One without its END line (cut off by truncation or a half-written line) takes the
    // base64 and header lines that follow it; newlines may be real or JSON-escaped (\n).
    kind: 'private-key',
    hint: 'PRIVATE KEY',
    re: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(?:[\s\S]*?-----END \1-----|(?:[ \t]*(?:\\r)?(?:\\n|\r?\n)(?:[A-Za-z0-9+/=]+|[A-Za-z-]+:[^\n\\]*)(?=[ \t]*(?:\\[rn]|\r?\n|$)))*)/g,
  },
  {
    // The tail of a PEM block whose header was cut away (a text window that starts inside the key).
    kind: 'private-key',
    hint: 'PRIVATE KEY',
    re: /^[A-Za-z0-9+/=\s]*-----END ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g,
  },
  {
    // scheme://user:password@host — keep the scheme and host so the text still says what it was.
    kind: 'connection-credentials',
    hint: '://',
    re: /\b([A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/)([^\s:/@'"<>`]*):([^\s@/'"<>`]+)@/g,
    replace: (m) => `${m[1]}${placeholder('connection-credentials')}@`,
    accept: (m) => !m[0].includes('[REDACTED:') && !m[3].startsWith('$'),
  },
  { kind: 'anthropic-key', hint: 'sk-ant-', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai-key', hint: 'sk-', re: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g },
  { kind: 'aws-access-key', hint: /A(?:KIA|SIA|BIA|CCA|3T)/, re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  {
    // The secret half of an AWS key pair only counts as one next to its name; a bare 40-character string
    // could be anything (a git SHA is 40 characters too).
    kind: 'aws-secret-key',
    hint: /secret_?(?:access)?_?key|SecretAccessKey/i,
    re: /\b((?:aws)?_?secret_?(?:access)?_?key(?:_id)?|SecretAccessKey)(["']?\s*[:=]\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    replace: keepPrefix(3),
  },
  { kind: 'github-token', hint: /gh[pousr]_|github_pat_/, re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: 'gitlab-token', hint: /gl(?:pat|dt|rt|ptt|cbt|soat|oas)-/, re: /\bgl(?:pat|dt|rt|ptt|cbt|soat|oas)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack-webhook', hint: 'hooks.slack.com', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g },
  { kind: 'slack-token', hint: 'xox', re: /\bxox[abposre]-(?:[0-9]+-)?[A-Za-z0-9-]{10,}/g },
  { kind: 'google-api-key', hint: 'AIza', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'stripe-key', hint: /[sr]k_(?:live|test)_/, re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'npm-token', hint: 'npm_', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'huggingface-token', hint: 'hf_', re: /\bhf_[A-Za-z0-9]{34,}\b/g },
  { kind: 'jwt', hint: 'eyJ', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  {
    kind: 'bearer-token',
    hint: 'Bearer',
    re: /\b(Bearer[ \t]+)([A-Za-z0-9._~+/-]{16,}=*)/g,
    replace: keepPrefix(2),
    accept: (m) => /\d/.test(m[2]),
  },
  {
    kind: 'basic-auth',
    hint: /Authorization:[ \t]*Basic/i,
    re: /\b(Authorization:[ \t]*Basic[ \t]+)([A-Za-z0-9+/]{8,}=*)/gi,
    replace: keepPrefix(2),
  },
  {
    // env / CLI / query-string style: NAME=value with nothing around the '='.
    kind: (m) => valueKind(m[2]),
    hint: ASSIGNMENT,
    re: new RegExp(`(^|[^A-Za-z0-9_])(${SECRET_NAME})=(?![\\s=])("?)([^\\s"'\`&;,)]{4,})`, 'gim'),
    replace: (m, kind) => `${m[1]}${m[2]}=${m[3]}${placeholder(kind)}`,
    accept: (m) => !NOT_A_VALUE.test(m[4]),
  },
  {
    // A quoted value: password: "…", "api_key": "…", token = '…'.
    kind: (m) => valueKind(m[2]),
    hint: ASSIGNMENT,
    re: new RegExp(`(^|[^A-Za-z0-9_])(${SECRET_NAME})(["']?[ \\t]*[:=][ \\t]*)(["'])([^"'\\s]{4,})\\4`, 'gim'),
    replace: (m, kind) => `${m[1]}${m[2]}${m[3]}${m[4]}${placeholder(kind)}${m[4]}`,
    accept: (m) => !NOT_A_VALUE.test(m[5]),
  },
  {
    // YAML-ish line `password: value` (the whole line is the assignment, so prose is not touched); also as
    // an added or removed line of a diff, or quoted in a reply.
    kind: (m) => valueKind(m[2]),
    hint: ASSIGNMENT,
    re: new RegExp(`^([ \\t+>-]*)(${SECRET_NAME})([ \\t]*:[ \\t]+)([^\\s"'#]{4,})[ \\t]*$`, 'gim'),
    replace: (m, kind) => `${m[1]}${m[2]}${m[3]}${placeholder(kind)}`,
    accept: (m) => !NOT_A_VALUE.test(m[4]),
  },
];

/**
 * Every rule's hint in one pattern (two: case-sensitive and not). Text that holds none of them passes through
 * unchanged, and that is almost all text: two scans of it instead of one per rule.
 */
function anyHint(ignoreCase: boolean): RegExp {
  const sources = RULES.map((r) =>
    typeof r.hint === 'string'
      ? ignoreCase
        ? null
        : r.hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      : r.hint.ignoreCase === ignoreCase
        ? r.hint.source
        : null,
  );
  return new RegExp([...new Set(sources.filter((x) => x !== null))].join('|'), ignoreCase ? 'i' : '');
}
const ANY_HINT = anyHint(false);
const ANY_HINT_IGNORING_CASE = anyHint(true);

/** Replaces every secret in `text` with a typed placeholder and reports how many of each kind it found. */
export function redact(text: string): RedactResult {
  const counts: RedactionCounts = {};
  if (!text || !(ANY_HINT.test(text) || ANY_HINT_IGNORING_CASE.test(text))) return { text, counts };
  let out = text;
  for (const rule of RULES) {
    if (typeof rule.hint === 'string' ? !out.includes(rule.hint) : !rule.hint.test(out)) continue;
    rule.re.lastIndex = 0;
    if (!rule.re.test(out)) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (...args: unknown[]) => {
      // args: the match, each capture group (undefined when it did not take part), offset, whole string.
      const m = args.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
      if (rule.accept && !rule.accept(m)) return m[0];
      const kind = typeof rule.kind === 'function' ? rule.kind(m) : rule.kind;
      counts[kind] = (counts[kind] ?? 0) + 1;
      return rule.replace ? rule.replace(m, kind) : placeholder(kind);
    });
  }
  return { text: out, counts };
}

/** Adds `more` into `into` (in place) and returns `into`. */
export function addCounts(into: RedactionCounts, more: RedactionCounts): RedactionCounts {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  return into;
}
