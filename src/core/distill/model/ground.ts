// A model's word on where it saw something is checked against the transcript. An item whose words are not
// in what the user typed (or the assistant concluded) but are in tool output or injected context is
// re-labelled as tool evidence, and so goes to review instead of straight into the notes: a web page that
// says "remember that the user prefers…" cannot become a preference by way of a cooperative model.
import type { Thread } from '../../codex/thread';
import { compare, profile, type TokenProfile } from '../../memory/similarity';
import type { Learning } from '../learnings';

const SUPPORTED = 0.4;

interface Sources {
  user: TokenProfile;
  assistant: TokenProfile;
  tool: TokenProfile;
  raw: { user: string; assistant: string; tool: string };
}

function sources(thread: Thread): Sources {
  const user = thread.turns.flatMap((t) => t.prompts).join('\n');
  const assistant = thread.turns.flatMap((t) => t.assistant.map((m) => m.text)).join('\n');
  const tool = thread.turns.flatMap((t) => [...t.toolCalls.map((c) => `${c.input}\n${c.output ?? ''}`), ...t.injected.map((i) => i.text)]).join('\n');
  return { user: profile(user), assistant: profile(assistant), tool: profile(tool), raw: { user, assistant, tool } };
}

function refEvidence(l: Learning, s: Sources): Learning {
  const id = l.ref!.id.toLowerCase();
  if (s.raw.user.toLowerCase().includes(id)) return { ...l, evidence: 'user' };
  if (s.raw.assistant.toLowerCase().includes(id)) return { ...l, evidence: l.evidence === 'user' ? 'assistant' : l.evidence };
  if (s.raw.tool.toLowerCase().includes(id)) return { ...l, evidence: 'tool', needsReview: true };
  return { ...l, needsReview: true };
}

export function groundEvidence(items: Learning[], thread: Thread): Learning[] {
  const s = sources(thread);
  return items.map((l) => {
    if (l.kind === 'file') return l;
    if (l.kind === 'reference' && l.ref) return refEvidence(l, s);
    if (l.evidence === 'tool') return { ...l, needsReview: true };
    const p = profile(l.text);
    const inUser = compare(p, s.user).aInB;
    const inAssistant = compare(p, s.assistant).aInB;
    const inTool = compare(p, s.tool).aInB;
    let out = l;
    if (l.evidence === 'user' && inUser < SUPPORTED) {
      if (inAssistant >= SUPPORTED && inAssistant >= inTool) out = { ...l, evidence: 'assistant' };
      else if (inTool > inUser) out = { ...l, evidence: 'tool', needsReview: true };
      else out = { ...l, needsReview: true };
    } else if (l.evidence === 'assistant' && Math.max(inAssistant, inUser) < SUPPORTED) {
      out = inTool > Math.max(inAssistant, inUser) ? { ...l, evidence: 'tool', needsReview: true } : { ...l, needsReview: true };
    }
    // How the user wants to work is theirs to say; anyone else's word on it is reviewed first.
    if (out.kind === 'preference' && out.evidence !== 'user') out = { ...out, needsReview: true };
    return out;
  });
}
