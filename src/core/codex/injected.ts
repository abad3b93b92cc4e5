// Tells what the user really typed from what Codex (or a hook) put into the conversation on their behalf.
// Injected context must never become a "prompt", so the rules err towards marking text as injected only
// when it carries one of Codex's own markers.
import type { InjectedContext } from './thread';

type Kind = InjectedContext['kind'];

const PREFIXES: [string, Kind][] = [
  ['# AGENTS.md instructions', 'agents_md'],
  ['<environment_context>', 'environment_context'],
  ['<user_instructions>', 'user_instructions'],
  ['<permissions instructions>', 'permissions'],
  ['<skills_instructions>', 'skills'],
  ['<skill>', 'skills'],
  ['<INSTRUCTIONS>', 'agents_md'],
];

// Codex wraps its own inserts in snake_case tags (<turn_aborted>, <user_shell_command>, <collaboration_mode>…).
// A person typing markup rarely opens and closes their whole message with such a tag.
const WRAPPED = /^<([a-z]+(?:_[a-z]+)+)(?:\s[^>]*)?>[\s\S]*<\/\1>\s*$/;

/** Kinds Codex 0.169+ records per content item (`internal_chat_message_metadata_passthrough.content_item_kinds`). */
function kindFromItemKind(itemKind: string): Kind {
  if (itemKind.startsWith('hooks.')) return 'hook';
  if (itemKind.startsWith('environments.')) return 'environment_context';
  if (itemKind.startsWith('permissions.')) return 'permissions';
  if (itemKind.includes('skills')) return 'skills';
  if (itemKind.includes('agents_md')) return 'agents_md';
  if (itemKind.includes('user_instructions')) return 'user_instructions';
  return 'other';
}

/** The injected kind of a `user` text, or null when it is something the person typed. */
export function injectedKindOfUserText(text: string): Kind | null {
  const t = text.trimStart();
  for (const [prefix, kind] of PREFIXES) if (t.startsWith(prefix)) return kind;
  if (WRAPPED.test(t)) return 'other';
  return null;
}

/** The kind of a developer/system message: all of it is injected, this only labels it. */
export function injectedKindOfDeveloperText(text: string): Kind {
  const t = text.trimStart();
  for (const [prefix, kind] of PREFIXES) if (t.startsWith(prefix)) return kind;
  if (/^(?:Reference|Relevant) notes from\b|SessionStart hook|\bhook\b/i.test(t.slice(0, 200))) return 'hook';
  return 'developer';
}

export interface ContentProvenance {
  /** e.g. 'user.text', 'hooks.additional_context', 'environments.environment_context' */
  itemKind?: string;
  /** provenance.type: 'user', 'harness', 'skills', 'tool', … */
  source?: string;
  hook?: boolean;
}

/**
 * Classifies one content item of a `user` message. Recorded provenance wins when present (newer rollouts
 * say exactly who wrote each item); otherwise Codex's textual markers decide.
 */
export function classifyUserContent(text: string, prov: ContentProvenance | undefined): Kind | null {
  if (prov?.hook) return 'hook';
  if (prov?.source && prov.source !== 'user') return prov.itemKind ? kindFromItemKind(prov.itemKind) : 'other';
  if (prov?.itemKind && !prov.itemKind.startsWith('user.')) return kindFromItemKind(prov.itemKind);
  return injectedKindOfUserText(text);
}

/** Labels a developer content item, using provenance when the rollout recorded it. */
export function classifyDeveloperContent(text: string, prov: ContentProvenance | undefined): Kind {
  if (prov?.hook || prov?.itemKind?.startsWith('hooks.')) return 'hook';
  const byText = injectedKindOfDeveloperText(text);
  if (byText !== 'developer' || !prov?.itemKind) return byText;
  const byKind = kindFromItemKind(prov.itemKind);
  return byKind === 'other' ? 'developer' : byKind;
}

/** Reads per-item provenance from a response item's metadata passthrough, if the rollout has it. */
export function contentProvenance(payload: Record<string, unknown>): (ContentProvenance | undefined)[] {
  const meta = payload.internal_chat_message_metadata_passthrough as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object') return [];
  const kinds = Array.isArray(meta.content_item_kinds) ? (meta.content_item_kinds as unknown[]) : [];
  const metas = Array.isArray(meta.content_item_metadata) ? (meta.content_item_metadata as unknown[]) : [];
  const n = Math.max(kinds.length, metas.length);
  const out: (ContentProvenance | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    const p = (metas[i] as { provenance?: { type?: unknown; hook?: unknown } } | undefined)?.provenance;
    out.push({
      itemKind: typeof k === 'string' && k !== 'unknown' ? k : undefined,
      source: typeof p?.type === 'string' ? p.type : undefined,
      hook: p?.hook === true,
    });
  }
  return out;
}
