// Normalises the tool-call items of every rollout generation into one shape (before redaction, which
// the parser applies), and strips Codex's bookkeeping headers from tool outputs.
import type { LongText } from './bounded-text';
import type { ToolCall } from './thread';

type Json = Record<string, unknown>;

export interface RawToolCall {
  callId?: string;
  name: string;
  kind: ToolCall['kind'];
  input: string;
  /** Counted in counts.tool_calls (function_call, custom_tool_call, local_shell_call); web searches are not. */
  counted: boolean;
}

const EXEC_TOOLS = new Set(['exec_command', 'shell', 'shell_command', 'container.exec', 'local_shell', 'unified_exec']);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function parseJsonObject(text: string): Json | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** A shell argv as the line a person would type; `bash -lc "…"` becomes just the script. */
export function commandLine(argv: unknown): string {
  if (typeof argv === 'string') return argv;
  if (!Array.isArray(argv)) return '';
  const parts = argv.filter((a): a is string => typeof a === 'string');
  if (parts.length === 3 && /(?:^|\/)(?:ba|z|da|fi)?sh$/.test(parts[0]) && /^-l?c$/.test(parts[1])) return parts[2];
  return parts.map(quoteArg).join(' ');
}

function execInput(name: string, args: Json | undefined, raw: string): { input: string; kind: ToolCall['kind'] } {
  if (!args) return { input: raw, kind: 'exec' };
  const cmd = args.cmd ?? args.command;
  // Old builds ran apply_patch through the shell tool: ["apply_patch", "*** Begin Patch…"].
  if (Array.isArray(cmd) && cmd[0] === 'apply_patch' && typeof cmd[1] === 'string') return { input: cmd[1], kind: 'patch' };
  const line = commandLine(cmd);
  return { input: line || raw, kind: name === 'apply_patch' ? 'patch' : 'exec' };
}

/** A response item that is a tool call, normalised; null for anything else. */
export function toolCallFromItem(p: Json): RawToolCall | null {
  const type = p.type;
  if (type === 'function_call') {
    const fname = str(p.name) ?? 'unknown';
    const ns = str(p.namespace);
    const name = ns ? `${ns}${ns.endsWith('_') || ns.endsWith('.') ? '' : '.'}${fname}` : fname;
    const rawArgs = typeof p.arguments === 'string' ? p.arguments : JSON.stringify(p.arguments ?? '');
    const callId = str(p.call_id);
    if (name.startsWith('mcp__') || (ns?.startsWith('mcp') ?? false)) {
      return { callId, name, kind: 'mcp', input: rawArgs, counted: true };
    }
    if (fname === 'apply_patch') {
      const args = parseJsonObject(rawArgs);
      const patch = str(args?.input) ?? str(args?.patch) ?? rawArgs;
      return { callId, name, kind: 'patch', input: patch, counted: true };
    }
    if (EXEC_TOOLS.has(fname)) {
      const { input, kind } = execInput(fname, parseJsonObject(rawArgs), rawArgs);
      return { callId, name, kind, input, counted: true };
    }
    return { callId, name, kind: 'other', input: rawArgs, counted: true };
  }
  if (type === 'custom_tool_call') {
    const name = str(p.name) ?? 'unknown';
    const input = str(p.input) ?? '';
    return { callId: str(p.call_id), name, kind: name === 'apply_patch' ? 'patch' : 'other', input, counted: true };
  }
  if (type === 'local_shell_call') {
    const action = (p.action ?? {}) as Json;
    const callId = str(p.call_id) ?? str(p.id);
    const { input, kind } = execInput('local_shell', { command: action.command }, JSON.stringify(action));
    return { callId, name: 'local_shell', kind, input, counted: true };
  }
  if (type === 'web_search_call') {
    const action = (p.action ?? {}) as Json;
    const input = str(action.query) ?? str(action.url) ?? str(action.pattern) ?? JSON.stringify(action);
    return { callId: str(p.id), name: 'web_search', kind: 'web_search', input, counted: false };
  }
  return null;
}

export function isToolOutputItem(type: unknown): boolean {
  return type === 'function_call_output' || type === 'custom_tool_call_output' || type === 'local_shell_call_output';
}

// Bookkeeping lines Codex puts above a tool's real output ("Chunk ID: …", "Wall time: …", …, "Output:").
const HEADER_LINE =
  /^(?:Chunk ID|Wall time|Process exited with code|Process running with session ID|Original token count|Exit code|Total output lines)\b[^\n]*$/;
const EXIT_CODE = /^(?:Process exited with code|Exit code:)\s*(-?\d+)/;

/**
 * Where the header block ends in `text` (0 when it is not one) and the exit code it names. `whole` false: `text`
 * is only the head of the output, and null says the head ran out before the answer was known.
 */
function headerEnd(text: string, whole: boolean): { end: number; exitCode?: number } | null {
  let exitCode: number | undefined;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1 && !whole) return null;
    const line = text.slice(pos, nl === -1 ? text.length : nl);
    const next = nl === -1 ? text.length : nl + 1;
    if (line === 'Output:' && pos > 0) return { end: next, exitCode };
    if (!HEADER_LINE.test(line)) return { end: 0 };
    const m = EXIT_CODE.exec(line);
    if (m) exitCode = Number(m[1]);
    pos = next;
  }
  return whole ? { end: 0 } : null;
}

/** Removes the header block when it is one (it ends with a line "Output:"); otherwise leaves the text alone. */
function stripHeader(text: string): { output: string; exitCode?: number } {
  const h = headerEnd(text, true)!;
  return h.end ? { output: text.slice(h.end), exitCode: h.exitCode } : { output: text };
}

/** Characters of a long output read to find its header: far more than any header Codex writes. */
const HEADER_WINDOW = 4096;

/** A long output still in its rollout line's bytes (rollout/long-string.ts JsonStringView). */
export interface LongOutput extends LongText {
  /** The text without its first `units` units, or null when that cuts a character in two. */
  dropHead(units: number): LongOutput | null;
}

/**
 * parseToolOutput of a long output: the header is read from its head, and the output stays undecoded. Outputs
 * the short path would parse as JSON, or whose header does not end in the head, are decoded whole and read as
 * any other.
 */
export function parseLongToolOutput(raw: LongOutput): { output: LongText; exitCode?: number } {
  const head = raw.slice(0, HEADER_WINDOW);
  const t = head.trimStart();
  const h = head.length < raw.length && t && t[0] !== '{' && t[0] !== '[' ? headerEnd(head, false) : null;
  if (!h) return parseToolOutput(raw.slice());
  if (!h.end) return { output: raw };
  const output = raw.dropHead(h.end);
  return output ? { output, exitCode: h.exitCode } : parseToolOutput(raw.slice());
}

function contentItemsText(items: unknown[]): string | undefined {
  const texts: string[] = [];
  for (const it of items) {
    if (it && typeof it === 'object') {
      const t = (it as Json).text;
      if (typeof t === 'string') texts.push(t);
      else if ((it as Json).type === 'input_image' || (it as Json).type === 'image') texts.push('[image]');
    }
  }
  return texts.length ? texts.join('\n') : undefined;
}

/** The readable output of a tool call and its exit code, whatever shape the rollout stored it in. */
export function parseToolOutput(raw: unknown): { output: string; exitCode?: number } {
  if (Array.isArray(raw)) return { output: contentItemsText(raw) ?? '' };
  if (raw && typeof raw === 'object') {
    const o = raw as Json;
    if (typeof o.content === 'string') return parseToolOutput(o.content);
    if (Array.isArray(o.content)) return { output: contentItemsText(o.content) ?? '' };
    return { output: JSON.stringify(raw) };
  }
  if (typeof raw !== 'string') return { output: '' };
  const t = raw.trimStart();
  if (t.startsWith('{') && t.includes('"output"')) {
    // Older builds: {"output": "...", "metadata": {"exit_code": 0, "duration_seconds": 0.1}}
    const o = parseJsonObject(t);
    if (o && typeof o.output === 'string') {
      const meta = (o.metadata ?? {}) as Json;
      const inner = stripHeader(o.output);
      const code = typeof meta.exit_code === 'number' ? meta.exit_code : inner.exitCode;
      return { output: inner.output, exitCode: code };
    }
  }
  if (t.startsWith('[') && t.includes('"text"')) {
    // MCP results: a JSON array of content blocks.
    try {
      const arr: unknown = JSON.parse(t);
      if (Array.isArray(arr)) {
        const text = contentItemsText(arr);
        if (text !== undefined) return { output: text };
      }
    } catch {
      // not JSON after all: keep the text as it is
    }
  }
  return stripHeader(raw);
}

export interface PatchFile {
  path: string;
  op: 'add' | 'update' | 'delete' | 'move';
  from?: string;
}

/** The files an apply_patch envelope adds, updates, deletes or moves, in patch order. */
export function patchFiles(patch: string): PatchFile[] {
  const files: PatchFile[] = [];
  const re = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+?)\s*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(patch))) {
    const path = m[2];
    if (m[1] === 'Move to') {
      const last = files[files.length - 1];
      if (last && last.op === 'update') files[files.length - 1] = { path, op: 'move', from: last.path };
      else files.push({ path, op: 'move' });
    } else {
      files.push({ path, op: m[1] === 'Add File' ? 'add' : m[1] === 'Delete File' ? 'delete' : 'update' });
    }
  }
  return files;
}
