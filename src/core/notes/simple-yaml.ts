// The frontmatter most notes carry (`key: value`, `key: [a, b]`, `key:` with `- item` lines, plain or
// simply quoted scalars) read without the full YAML parser, which costs a cold index of a large vault more
// than everything else together. Anything outside that small subset returns undefined and is read by the
// full parser, so what a note means never depends on which path read it (test/core/notes/simple-yaml.test.ts
// checks the two agree).

type Scalar = string | number | boolean | null;

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const ITEM_LINE = /^( *)- +(.*)$/;
// The YAML 1.2 core schema's special plain scalars (yaml/dist/schema/core, common/null).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_NUMBER = [
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A plain scalar as the core schema resolves it, or undefined when it is not one this reader is sure of. */
function plain(v: string, flow: boolean): Scalar | undefined {
  if (v === '' || INDICATOR.test(v) || v.includes(': ') || v.endsWith(':') || v.includes(' #')) return undefined;
  if (flow && /[[\]{},]/.test(v)) return undefined;
  if (NULL.test(v)) return null;
  if (BOOL.test(v)) return v[0] === 't' || v[0] === 'T';
  if (/^[0-9]{1,15}$/.test(v)) return Number(v);
  if (CORE_NUMBER.some((re) => re.test(v))) return undefined;
  return v;
}

/** A quoted scalar without escapes, or undefined. */
function quoted(v: string): string | undefined {
  if (v.length < 2) return undefined;
  const q = v[0];
  if (v[v.length - 1] !== q) return undefined;
  const inner = v.slice(1, -1);
  if (q === '"') return inner.includes('"') || inner.includes('\\') ? undefined : inner;
  if (inner.replace(/''/g, '').includes("'")) return undefined;
  return inner.replace(/''/g, "'");
}

function scalar(v: string, flow: boolean): Scalar | undefined {
  if (v.startsWith('"') || v.startsWith("'")) return quoted(v);
  return plain(v, flow);
}

/** `[a, "b", 'c']` without nesting, or undefined. */
function flowSeq(v: string): Scalar[] | undefined {
  if (!v.endsWith(']')) return undefined;
  const inner = v.slice(1, -1);
  if (inner.trim() === '') return inner === '' ? [] : undefined;
  const out: Scalar[] = [];
  let i = 0;
  while (i <= inner.length) {
    while (inner[i] === ' ') i++;
    let item: Scalar | undefined;
    if (inner[i] === '"' || inner[i] === "'") {
      const q = inner[i];
      let j = i + 1;
      for (;;) {
        j = inner.indexOf(q, j);
        if (j === -1) return undefined;
        if (q === "'" && inner[j + 1] === "'") {
          j += 2;
          continue;
        }
        break;
      }
      item = quoted(inner.slice(i, j + 1));
      i = j + 1;
      while (inner[i] === ' ') i++;
    } else {
      let j = inner.indexOf(',', i);
      if (j === -1) j = inner.length;
      item = plain(inner.slice(i, j).trim(), true);
      i = j;
    }
    if (item === undefined) return undefined;
    out.push(item);
    if (i >= inner.length) return out;
    if (inner[i] !== ',') return undefined;
    i++;
    if (inner.slice(i).trim() === '') return undefined;
  }
  return out;
}

/** The mapping a simple frontmatter block holds, or undefined when the full parser must read it. */
export function readSimpleYaml(raw: string): Record<string, unknown> | undefined {
  if (raw.includes('\r') || raw.includes('\t') || raw.includes('\\')) return undefined;
  const out: Record<string, unknown> = {};
  const lines = raw.split('\n');
  let open: string | null = null;
  let items: Scalar[] | null = null;
  let indent = -1;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) continue;
    const item = ITEM_LINE.exec(line);
    if (item && line.trimStart().startsWith('- ')) {
      if (open === null) return undefined;
      if (indent === -1) indent = item[1].length;
      else if (item[1].length !== indent) return undefined;
      const v = item[2].trimEnd();
      if (v.startsWith('- ') || v.startsWith('[') || v.startsWith('{')) return undefined;
      const s = scalar(v, false);
      if (s === undefined) return undefined;
      (items ??= []).push(s);
      out[open] = items;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('...') || line.startsWith('---')) return undefined;
    const kv = KEY_LINE.exec(line);
    if (!kv) return undefined;
    const key = kv[1];
    if (key in out || key === '__proto__' || NULL.test(key) || BOOL.test(key)) return undefined;
    open = null;
    items = null;
    indent = -1;
    const v = (kv[2] ?? '').trimEnd();
    if (v === '') {
      out[key] = null;
      open = key;
      continue;
    }
    const value = v.startsWith('[') ? flowSeq(v) : v.startsWith('{') ? undefined : scalar(v, false);
    if (value === undefined) return undefined;
    out[key] = value;
  }
  return out;
}
