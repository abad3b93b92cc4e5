// Reading what Codex sent: the `input` list of a Responses request, as roles and plain text.

/** Text of a message's content parts or of a tool output (a string or a list of input_text parts). */
export function textOf(value) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((p) => (typeof p === 'string' ? p : (p?.text ?? ''))).join('\n');
  return '';
}

/** The request's input items, each as {index, type, role, text, item}. */
export function inputItems(request) {
  const input = request?.body?.input;
  if (!Array.isArray(input)) return [];
  return input.map((item, index) => ({
    index,
    type: item.type,
    role: item.role,
    text: item.type === 'message' ? textOf(item.content) : textOf(item.output ?? item.arguments ?? ''),
    item,
  }));
}

/** The user message that is exactly the typed prompt, or undefined. */
export function findPrompt(request, prompt) {
  return inputItems(request).find((m) => m.type === 'message' && m.role === 'user' && m.text.trim() === prompt.trim());
}

/** The item directly before the typed prompt: where Codex puts SessionStart hook output. */
export function itemBeforePrompt(request, prompt) {
  const p = findPrompt(request, prompt);
  return p && p.index > 0 ? inputItems(request)[p.index - 1] : undefined;
}

export function threadOf(request) {
  return request?.body?.client_metadata?.thread_id ?? request?.body?.prompt_cache_key;
}

/** Outputs Codex returned to the model for its tool calls: {call_id, text, call} (call = the matching call item). */
export function toolOutputs(request) {
  const items = inputItems(request);
  const calls = new Map(items.filter((m) => m.item.call_id && /_call$/.test(m.type)).map((m) => [m.item.call_id, m.item]));
  return items
    .filter((m) => /_call_output$|^tool_search_output$/.test(m.type))
    .map((m) => ({
      call_id: m.item.call_id,
      type: m.type,
      text: m.type === 'tool_search_output' ? JSON.stringify(m.item.tools) : textOf(m.item.output),
      call: calls.get(m.item.call_id),
    }));
}

/** Short, readable digest of a request for failure messages. */
export function digest(request, width = 160) {
  return inputItems(request)
    .map((m) => `  [${m.index}] ${m.type}${m.role ? `/${m.role}` : ''}: ${m.text.replace(/\s+/g, ' ').slice(0, width)}`)
    .join('\n');
}
