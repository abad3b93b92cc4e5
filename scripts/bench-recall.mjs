#!/usr/bin/env node
// `npm run bench:recall`: retrieval quality on third-party data (../shared/bench/README.md §3). Each LoCoMo
// conversation and each LongMemEval haystack becomes a vault: one note per session (its date in the
// frontmatter), one bullet per turn carrying the turn id as its block id. Every question is then asked,
// as is, through the product's own search (`codex-memory search --queries FILE --json`, one process per
// vault), and evidence-hit Recall@k is printed beside the README's reference numbers.
//
//   node scripts/bench-recall.mjs [--only locomo|longmemeval] [--no-captions] [--keep DIR]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'bench');
const cli = join(root, 'dist', 'cli.js');
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const only = arg('only');
// The BM25 reference indexed the turn text only; a vault note would also say what a shared photo shows.
const noCaptions = process.argv.includes('--no-captions');
const K = [5, 10, 25];
const LIMIT = 50;

if (!existsSync(shared)) {
  console.log(`bench:recall: skipped, the shared benchmark data is not at ${shared}`);
  process.exit(0);
}
if (!existsSync(cli)) {
  console.error('bench:recall: dist/cli.js is missing; run `npm run build` first (npm run bench:recall does).');
  process.exit(1);
}
const work = arg('keep') ?? mkdtempSync(join(tmpdir(), 'cm-bench-recall-'));
mkdirSync(work, { recursive: true });

// ---------- vault writing ----------

/** A turn's text on one bullet line: whitespace folded, nothing that would start markdown structure. */
function bulletText(text) {
  return String(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\^(?=[A-Za-z0-9-]+$)/, '');
}

const blockSafe = (id) => id.replace(/[^A-Za-z0-9-]/g, '-');

function writeNote(dir, rel, frontmatter, bullets) {
  const fm = Object.entries(frontmatter)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const body = bullets.map((b) => `- ${b.text} ^${b.block}`).join('\n');
  const abs = join(dir, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, `---\n${fm}\n---\n${body}\n`);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "1:56 pm on 8 May, 2023" → ISO, or null. */
function locomoDate(s) {
  const m = /(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/i.exec(s ?? '');
  if (!m) return null;
  const month = MONTHS.indexOf(m[5].toLowerCase());
  if (month < 0) return null;
  const hour = (Number(m[1]) % 12) + (m[3].toLowerCase() === 'pm' ? 12 : 0);
  return new Date(Date.UTC(Number(m[6]), month, Number(m[4]), hour, Number(m[2]))).toISOString();
}

/** "2023/05/17 (Wed) 23:40" → ISO, or null. */
function lmeDate(s) {
  const m = /(\d{4})\/(\d{2})\/(\d{2})\D+(\d{2}):(\d{2})/.exec(s ?? '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5])).toISOString() : null;
}

// ---------- running the product's search ----------

function searchAll(vault, queries) {
  const file = join(vault, '..', `${vault.split('/').pop()}-queries.jsonl`);
  writeFileSync(file, queries.map((q) => JSON.stringify(q)).join('\n') + '\n');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'search', '--queries', file, '--vault', vault, '--limit', String(LIMIT), '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`search exited ${code}: ${err}`));
      const byId = new Map();
      for (const line of out.split('\n'))
        if (line.trim()) {
          const r = JSON.parse(line);
          byId.set(r.id, r.items);
        }
      resolve(byId);
    });
  });
}

async function pool(tasks, n = 2) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const pct = (x) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '–');
const fix3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');

function table(head, rows) {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => '| ' + r.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  return [line(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

// ---------- LoCoMo ----------

const CATEGORY = { 4: 'single-hop', 1: 'multi-hop', 2: 'temporal', 3: 'open-domain', 5: 'adversarial' };
const CAT_ORDER = [4, 1, 2, 3, 5];
// README §5 (DRAGON, all 10 conversations, dialog turns) and §6 (BM25 on this dev split, overall only).
const LOCOMO_DRAGON = { 5: [68.0, 35.4, 70.4, 33.1, 43.9, 56.7], 10: [77.7, 46.6, 77.3, 40.8, 54.7, 66.2], 25: [87.1, 62.5, 83.5, 52.6, 66.3, 76.7] };
const LOCOMO_BM25 = { 5: 46.1, 10: 54.5, 25: 64.5 };

/** Evidence ids cleaned as README §1 says: split on ';' and spaces, D:11:26 → D11:26, D30:05 → D30:5. */
function cleanEvidence(list, turns) {
  const out = [];
  for (const raw of list ?? []) {
    for (let id of String(raw).split(/[;\s]+/)) {
      id = id.trim().replace(/^D:/, 'D');
      const m = /^D(\d+):0*(\d+)$/.exec(id);
      if (!m) continue;
      const norm = `D${m[1]}:${m[2]}`;
      if (turns.has(norm)) out.push(norm);
    }
  }
  return [...new Set(out)];
}

async function locomo() {
  const data = JSON.parse(readFileSync(join(shared, 'locomo-dev.json'), 'utf8'));
  const scores = []; // {cat, r: {5,10,25}}
  await pool(
    data.map((conv) => async () => {
      const vault = join(work, `locomo-${conv.sample_id}`);
      const turns = new Set();
      const c = conv.conversation;
      for (const key of Object.keys(c)) {
        const m = /^session_(\d+)$/.exec(key);
        if (!m || !Array.isArray(c[key])) continue;
        const n = Number(m[1]);
        const when = c[`session_${n}_date_time`];
        const bullets = c[key].map((t) => {
          turns.add(t.dia_id);
          const caption = noCaptions ? '' : t.blip_caption ? ` [shares a photo: ${t.blip_caption}]` : '';
          return { text: bulletText(`${t.speaker}: ${t.text}${caption}`), block: blockSafe(t.dia_id) };
        });
        writeNote(
          vault,
          `sessions/${conv.sample_id} session ${n}.md`,
          { type: 'session', conversation: conv.sample_id, session: `session_${n}`, date: when, started: locomoDate(when) },
          bullets,
        );
      }
      const queries = conv.qa.map((qa, i) => ({ id: `${conv.sample_id}#${i}`, query: String(qa.question) }));
      const results = await searchAll(vault, queries);
      conv.qa.forEach((qa, i) => {
        const evidence = cleanEvidence(qa.evidence, turns);
        const items = results.get(`${conv.sample_id}#${i}`) ?? [];
        const ranked = items.map((it) => (it.block ? it.block.replace(/^D(\d+)-(\d+)$/, 'D$1:$2') : null));
        const r = {};
        for (const k of K) {
          const top = new Set(ranked.slice(0, k));
          r[k] = evidence.length === 0 ? 1 : evidence.filter((e) => top.has(e)).length / evidence.length;
        }
        scores.push({ cat: qa.category, r });
      });
    }),
  );
  const rows = [];
  for (const k of K) {
    const byCat = CAT_ORDER.map((cat) => mean(scores.filter((s) => s.cat === cat).map((s) => s.r[k])));
    const overall = mean(scores.map((s) => s.r[k]));
    rows.push([`ours, turn, k=${k}`, ...byCat.map(pct), pct(overall)]);
    rows.push([`BM25 reference, turn, k=${k}`, '', '', '', '', '', LOCOMO_BM25[k].toFixed(1)]);
    rows.push([`DRAGON published (10 convs), k=${k}`, ...LOCOMO_DRAGON[k].map((x) => x.toFixed(1))]);
  }
  const counts = CAT_ORDER.map((cat) => scores.filter((s) => s.cat === cat).length);
  console.log(`\nLoCoMo dev (${scores.length} QA: ${CAT_ORDER.map((c, i) => `${CATEGORY[c]} ${counts[i]}`).join(', ')}), evidence-hit Recall@k in %`);
  console.log(table(['run', ...CAT_ORDER.map((c) => CATEGORY[c]), 'overall'], rows));
  return scores;
}

// ---------- LongMemEval ----------

/** Session ranking from a turn ranking: grow k until k distinct sessions are covered (turn2session). */
function sessionsAtK(rankedSessions, k) {
  const seen = [];
  for (const s of rankedSessions) {
    if (s && !seen.includes(s)) seen.push(s);
    if (seen.length >= k) break;
  }
  return seen;
}

function ndcgAny(rankedUnits, gold, k) {
  let dcg = 0;
  rankedUnits.slice(0, k).forEach((u, i) => {
    if (gold.has(u)) dcg += 1 / Math.log2(i + 2);
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(gold.size, k); i++) idcg += 1 / Math.log2(i + 2);
  return idcg ? dcg / idcg : 0;
}

async function longmemeval() {
  const data = JSON.parse(readFileSync(join(shared, 'longmemeval-dev.json'), 'utf8'));
  // Two vaults per question: user turns only (the official index) and whole sessions (our variant).
  const official = [];
  const variant = [];
  const tasks = [];
  for (const q of data) {
    for (const userOnly of [true, false]) {
      tasks.push(async () => {
        const vault = join(work, `lme-${q.question_id}-${userOnly ? 'user' : 'all'}`);
        const blockTo = new Map();
        q.haystack_sessions.forEach((session, si) => {
          const sid = q.haystack_session_ids[si];
          const bullets = [];
          session.forEach((turn, ti) => {
            if (userOnly && turn.role !== 'user') return;
            const block = blockSafe(`s${si}-t${ti + 1}`);
            blockTo.set(block, { session: sid, turn: `${sid}_${ti + 1}`, hasAnswer: Boolean(turn.has_answer), role: turn.role });
            bullets.push({ text: bulletText(`${turn.role}: ${turn.content}`), block });
          });
          if (bullets.length)
            writeNote(
              vault,
              `sessions/${blockSafe(sid)}.md`,
              { type: 'session', session_id: sid, date: q.haystack_dates[si], started: lmeDate(q.haystack_dates[si]) },
              bullets,
            );
        });
        const results = await searchAll(vault, [{ id: q.question_id, query: String(q.question) }]);
        const units = (results.get(q.question_id) ?? []).map((it) => blockTo.get(it.block)).filter(Boolean);
        return { q, userOnly, units, blockTo };
      });
    }
  }
  const runs = await pool(tasks);
  for (const { q, userOnly, units, blockTo } of runs) {
    if (q.question_id.endsWith('_abs')) continue;
    const rankedTurns = units.map((u) => u.turn);
    const rankedSessions = units.map((u) => u.session);
    if (userOnly) {
      const goldTurns = new Set([...blockTo.values()].filter((b) => b.hasAnswer && b.role === 'user').map((b) => b.turn));
      if (goldTurns.size === 0) continue;
      const goldSessions = new Set([...blockTo.values()].filter((b) => b.hasAnswer && b.role === 'user').map((b) => b.session));
      const r = { type: q.question_type };
      for (const k of [5, 10]) {
        const topT = new Set(rankedTurns.slice(0, k));
        r[`turnAll${k}`] = [...goldTurns].every((t) => topT.has(t)) ? 1 : 0;
        const topS = new Set(sessionsAtK(rankedSessions, k));
        r[`sessAll${k}`] = [...goldSessions].every((s) => topS.has(s)) ? 1 : 0;
      }
      r.sessNdcg5 = ndcgAny(sessionsAtK(rankedSessions, 5), goldSessions, 5);
      official.push(r);
    } else {
      const gold = new Set(q.answer_session_ids);
      const r = { type: q.question_type };
      for (const k of [1, 3, 5, 10]) {
        const top = new Set(sessionsAtK(rankedSessions, k));
        const hit = [...gold].filter((s) => top.has(s)).length;
        r[`any${k}`] = hit > 0 ? 1 : 0;
        r[`all${k}`] = hit === gold.size ? 1 : 0;
        r[`frac${k}`] = hit / gold.size;
      }
      variant.push(r);
    }
  }
  console.log(`\nLongMemEval_S dev, official protocol (user turns only; ${official.length} questions)`);
  console.log(
    table(
      ['run', 'session all@5', 'session all@10', 'session ndcg_any@5', 'turn all@5', 'turn all@10'],
      [
        [
          'ours',
          fix3(mean(official.map((r) => r.sessAll5))),
          fix3(mean(official.map((r) => r.sessAll10))),
          fix3(mean(official.map((r) => r.sessNdcg5))),
          fix3(mean(official.map((r) => r.turnAll5))),
          fix3(mean(official.map((r) => r.turnAll10))),
        ],
        ['BM25 reference', '0.800', '0.850', '0.758', '0.500', '0.650'],
      ],
    ),
  );
  const types = [...new Set(variant.map((r) => r.type))].sort();
  console.log(`\nLongMemEval_S dev, whole-session variant (${variant.length} questions; gold = answer_session_ids)`);
  const vrow = (label, rs) => [
    label,
    rs.length,
    ...[1, 3, 5, 10].flatMap((k) => [
      fix3(mean(rs.map((r) => r[`any${k}`]))),
      fix3(mean(rs.map((r) => r[`all${k}`]))),
      fix3(mean(rs.map((r) => r[`frac${k}`]))),
    ]),
  ];
  console.log(
    table(
      ['run', 'n', 'any@1', 'all@1', 'frac@1', 'any@3', 'all@3', 'frac@3', 'any@5', 'all@5', 'frac@5', 'any@10', 'all@10', 'frac@10'],
      [
        vrow('ours, all types', variant),
        ...types.map((t) =>
          vrow(
            `ours, ${t}`,
            variant.filter((r) => r.type === t),
          ),
        ),
        ['BM25 reference', 24, '', '0.417', '', '', '0.792', '', '1.000', '0.917', '', '', '', ''],
      ],
    ),
  );
}

const t0 = Date.now();
try {
  if (!only || only === 'locomo') await locomo();
  if (!only || only === 'longmemeval') await longmemeval();
} finally {
  if (!arg('keep')) rmSync(work, { recursive: true, force: true });
}
console.log(`\nbench:recall: ${((Date.now() - t0) / 1000).toFixed(0)} s; search limit ${LIMIT} per question; data: ${shared}`);
