#!/usr/bin/env node
// Generates a realistic, deterministic vault for benchmarks: projects with repo paths and decisions, people,
// session checkpoints, topic notes, TODO.md and agent/preferences.md, cross-linked with wiki links, with
// block ids on memory bullets. Reusable by any bench: `import { generateVault } from '../gen-vault.mjs'`.
//
//   node scripts/gen-vault.mjs --notes 10000 --out /tmp/vault [--seed 7]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Mulberry32: a tiny seeded PRNG so every run writes the same vault. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = `the a to of and in is for on with that this it we as be by from at or not are use when should
have will can all new test build run fix add change make need keep move check update config file data user
release bug issue error api service deploy branch review merge cache index query search note session project
team meeting plan week decision status open close done todo question answer rounding invoice payment tax
currency schema migration database table column field type module package import export function class method
value string number date time zone locale format parse render view page layout style theme color font button
input form validation server client request response header token auth login logout session cookie storage
queue worker job retry timeout limit memory cpu disk network latency throughput benchmark profile trace log
metric alert dashboard report customer invoice ledger account balance transfer refund discount price order
shipping address email notification template translation language`.split(/\s+/);

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'te',
  'vo',
  'zu',
  'pe',
  'ni',
  'sa',
  'do',
  'fi',
  'gu',
  'ha',
  'je',
  'ku',
  'ly',
  'ma',
  'no',
  'qu',
  'ri',
  'st',
  'tr',
  'xa',
];
const FIRST = [
  'Marta',
  'Jonas',
  'Priya',
  'Chen',
  'Amara',
  'Lukas',
  'Sofia',
  'Ravi',
  'Elena',
  'Tomas',
  'Aiko',
  'Nadia',
  'Omar',
  'Greta',
  'Felix',
  'Ines',
];
const LAST = [
  'Lindqvist',
  'Berg',
  'Shah',
  'Wang',
  'Okafor',
  'Meyer',
  'Rossi',
  'Iyer',
  'Novak',
  'Silva',
  'Tanaka',
  'Haddad',
  'Khan',
  'Olsen',
  'Vogel',
  'Costa',
];

export function generateVault(dir, { notes = 1000, seed = 7 } = {}) {
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  // A Zipf-ish vocabulary: common words plus invented rare words, so BM25 sees a realistic term spread.
  const rare = [];
  const vocabSize = Math.min(40000, 2000 + notes * 2);
  for (let i = 0; i < vocabSize; i++) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let j = 0; j < n; j++) w += pick(SYLLABLES);
    rare.push(w);
  }
  const word = () => (rand() < 0.6 ? pick(COMMON) : rare[Math.floor(Math.pow(rand(), 2.2) * rare.length)]);
  const sentence = (min = 6, max = 16) => {
    const n = min + Math.floor(rand() * (max - min));
    const ws = [];
    for (let i = 0; i < n; i++) ws.push(word());
    const s = ws.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  let blockSeq = 0;
  const bid = () => `cm-${(++blockSeq).toString(36).padStart(6, '0')}`;
  const day = (i) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000 * 7).toISOString();

  const nProjects = Math.max(3, Math.round(notes * 0.02));
  const nPeople = Math.max(5, Math.round(notes * 0.05));
  const nSessions = Math.round(notes * 0.5);
  const nTopics = Math.max(0, notes - nProjects - nPeople - nSessions - 2);
  const projects = [];
  const people = [];
  const files = [];

  for (let i = 0; i < nPeople; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
    people.push(name);
  }
  for (let i = 0; i < nProjects; i++) {
    const name = `${rare[(i * 7) % rare.length]}-${pick(COMMON)}-${i}`;
    projects.push(name);
  }
  const link = (p) => `[[${p}]]`;

  projects.forEach((name, i) => {
    const owner = people[i % people.length];
    const body = [`# ${name}`, '', '## Status', '', sentence(), '', '## Decisions', ''];
    for (let d = 0; d < 4; d++) body.push(`- ${sentence()} ${link(`people/${owner}`)} ^${bid()}`);
    body.push('', '## Open questions', '');
    for (let d = 0; d < 2; d++) body.push(`- ${sentence()}? ^${bid()}`);
    files.push([
      `projects/${name}.md`,
      `---\ntype: project\nrepo: /home/dev/src/${name}\nremote: git@github.com:acme/${name}.git\nstatus: ${i % 10 === 9 ? 'done' : 'active'}\nupdated: ${day(i)}\n---\n${body.join('\n')}\n`,
    ]);
  });
  people.forEach((name, i) => {
    const body = [`# ${name}`, ''];
    for (let d = 0; d < 3; d++) body.push(`- ${sentence()} ^${bid()}`);
    body.push(`- Works on ${link(`projects/${projects[i % projects.length]}`)} ^${bid()}`);
    files.push([`people/${name}.md`, `---\ntype: person\naliases: [${name.split(' ')[0]}]\n---\n${body.join('\n')}\n`]);
  });
  for (let i = 0; i < nSessions; i++) {
    const project = projects[i % projects.length];
    const person = people[Math.floor(rand() * people.length)];
    const body = ['## Summary', '', `${sentence(10, 24)} ${sentence()}`, '', '## Decisions', ''];
    for (let d = 0; d < 2; d++) body.push(`- ${sentence()} ^${bid()}`);
    body.push('', '## Next steps', '');
    body.push(`- [ ] ${sentence(4, 10)} ${link(`projects/${project}`)} ^${bid()}`);
    body.push(`- [x] ${sentence(4, 10)} ^${bid()}`);
    body.push('', `Talked with ${link(`people/${person}`)}.`);
    files.push([
      `agent/sessions/${day(i).slice(0, 10)}-${i}.md`,
      `---\ntype: session\ncodex_thread: 0000-${i}\ncwd: /home/dev/src/${project}\nstarted: ${day(i)}\nsources: ["${link(`projects/${project}`)}"]\n---\n${body.join('\n')}\n`,
    ]);
  }
  for (let i = 0; i < nTopics; i++) {
    const title = `${pick(COMMON)} ${rare[Math.floor(rand() * rare.length)]} ${i}`;
    const body = [`# ${title}`, ''];
    const paras = 1 + Math.floor(rand() * 3);
    for (let p = 0; p < paras; p++) body.push(`${sentence(12, 30)} ${sentence()}`, '');
    body.push('## Learnings', '');
    for (let d = 0; d < 3; d++) body.push(`- ${sentence()} ^${bid()}`);
    if (rand() < 0.3) body.push(`- See ${link(`people/${people[Math.floor(rand() * people.length)]}`)} ^${bid()}`);
    const fm = i % 50 === 7 ? 'memory: never\n' : i % 50 === 13 ? 'status: superseded\n' : '';
    files.push([`notes/${title}.md`, `---\ntype: topic\n${fm}updated: ${day(i)}\n---\n${body.join('\n')}\n`]);
  }
  const todos = ['# TODO', ''];
  for (let i = 0; i < Math.min(200, nProjects * 3); i++) {
    todos.push(`- [${i % 4 === 0 ? 'x' : ' '}] ${sentence(4, 10)} ${link(`projects/${projects[i % projects.length]}`)} ^${bid()}`);
  }
  files.push(['TODO.md', `---\ntype: todo\n---\n${todos.join('\n')}\n`]);
  files.push([
    'agent/preferences.md',
    `---\ntype: preferences\nscope: global\nmemory: pin\n---\n# Preferences\n\n- Answer in short paragraphs; no emoji. ^${bid()}\n- Run the tests before saying a change is done. ^${bid()}\n- Prefer small commits with honest messages. ^${bid()}\n`,
  ]);

  for (const [rel, text] of files) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return {
    dir,
    notes: files.length,
    projects: projects.map((p) => ({ name: p, path: `projects/${p}.md`, repo: `/home/dev/src/${p}` })),
    words: COMMON,
    rare,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const out = arg('out');
  if (!out) {
    console.error('usage: node scripts/gen-vault.mjs --notes N --out DIR [--seed S]');
    process.exit(2);
  }
  const r = generateVault(out, { notes: Number(arg('notes', '1000')), seed: Number(arg('seed', '7')) });
  console.log(`wrote ${r.notes} notes to ${out}`);
}
