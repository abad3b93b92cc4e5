// Response items (messages, reasoning, tool calls and their outputs) into events. Every generation writes
// the same item shapes: bare on their own line before the envelope, as a response_item payload after it.
import { classifyDeveloperContent, classifyUserContent, contentProvenance } from '../injected';
import type { InjectedContext } from '../thread';
import { isToolOutputItem, parseLongToolOutput, parseToolOutput, patchFiles, toolCallFromItem } from '../tool-calls';
import type { RolloutEvent } from './events';
import { obj, str, textOf, type Json } from './json';
import { JsonStringView } from './long-string';

/** Item types a pre-envelope file may hold bare; anything else there is not a rollout line. */
export const KNOWN_ITEM_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
  'compaction',
  'compaction_summary',
  'ghost_snapshot',
]);

const CWD = /<cwd>([^<]+)<\/cwd>/;

/** Appends the events of one response item to `out`. `timestamp` is the envelope's (pre-envelope items have none). */
export function normalizeItem(p: Json, timestamp: string | undefined, out: RolloutEvent[]): void {
  const type = p.type;
  if (type === 'message') return message(p, timestamp, out);
  if (type === 'reasoning') {
    if (!Array.isArray(p.summary)) return;
    for (const text of textOf(p.summary)) if (text.trim()) out.push({ kind: 'reasoning', text, timestamp });
    return;
  }
  if (isToolOutputItem(type)) {
    const callId = str(p.call_id);
    if (!callId) return;
    const output = p.output instanceof JsonStringView ? parseLongToolOutput(p.output) : parseToolOutput(p.output);
    out.push({ kind: 'tool_output', callId, ...output });
    return;
  }
  const call = toolCallFromItem(p);
  if (call) {
    const files = call.kind === 'patch' ? patchFiles(call.input) : undefined;
    out.push(files ? { kind: 'tool_call', call, files, timestamp } : { kind: 'tool_call', call, timestamp });
  }
  // compaction / ghost_snapshot / unknown item types carry nothing readable
}

function itemText(c: unknown): string {
  const t = obj(c)?.text;
  return typeof t === 'string' ? t : '';
}

function message(p: Json, timestamp: string | undefined, out: RolloutEvent[]): void {
  const role = p.role;
  const content = Array.isArray(p.content) ? p.content : [];
  if (role === 'user') {
    // One user message mixes what the person typed with context Codex injected (AGENTS.md, environment…):
    // the injected parts become their own events, the typed parts one prompt after them.
    const prov = contentProvenance(p);
    const typed: string[] = [];
    content.forEach((c, i) => {
      const text = itemText(c);
      if (!text.trim()) return;
      const context = classifyUserContent(text, prov[i]);
      if (context === null) {
        typed.push(text);
        return;
      }
      const cwd = context === 'environment_context' ? CWD.exec(text)?.[1].trim() : undefined;
      out.push(cwd === undefined ? { kind: 'injected', context, role: 'user', text } : { kind: 'injected', context, role: 'user', text, cwd });
    });
    if (typed.length) out.push({ kind: 'prompt', text: typed.join('\n\n'), from: 'item', timestamp });
    return;
  }
  if (role === 'assistant') {
    const text = textOf(content).join('');
    if (text.trim()) out.push({ kind: 'answer', text, phase: str(p.phase), from: 'item', timestamp });
    return;
  }
  // developer and system messages: permissions, skills, hook output, collaboration modes… all injected
  const prov = contentProvenance(p);
  const r: InjectedContext['role'] = role === 'system' ? 'system' : 'developer';
  content.forEach((c, i) => {
    const text = itemText(c);
    if (text.trim()) out.push({ kind: 'injected', context: classifyDeveloperContent(text, prov[i]), role: r, text });
  });
}
