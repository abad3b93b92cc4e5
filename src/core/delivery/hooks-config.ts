// Our entries in Codex's hooks.json, merged in and taken out without disturbing anyone else's. The file is
// `{"hooks": {"<Event>": [{"matcher"?: "...", "hooks": [{"type": "command", "command": "...", ...}]}]}}`;
// every other key, event, group and handler keeps its value and its place. Our handlers are recognised by
// their command (`… codex-memory[.js] hook <event> …`), so a reinstall from a moved checkout still finds them.
import { CODEX_EVENT_NAME, type HookEvent } from './hook-input';

export class HooksConfigError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}; nothing was changed`);
    this.name = 'HooksConfigError';
  }
}

export interface OurHook {
  event: HookEvent;
  command: string;
  matcher?: string;
  /** Seconds before Codex gives up on the hook. */
  timeout: number;
  statusMessage?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const OURS = /codex-memory(?:\.js)?['"]?\s+hook\s+(session-start|user-prompt-submit|stop|session-end)(?=\s|['"]|$)/;

/** Which of our hook events a handler runs, or null when it is not ours. */
export function ourHookEvent(handler: Json): HookEvent | null {
  if (!isObject(handler) || handler.type !== 'command' || typeof handler.command !== 'string') return null;
  const m = OURS.exec(handler.command);
  return m ? (m[1] as HookEvent) : null;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** POSIX shell quoting, or cmd.exe-style double quotes on Windows. */
export function shellQuote(arg: string, platform: string): string {
  if (platform === 'win32') return `"${arg.replace(/"/g, '""')}"`;
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line Codex runs for one of our hooks (absolute paths, so any cwd works). */
export function hookCommand(opts: { node: string; script: string; event: HookEvent; vault: string; platform: string }): string {
  const q = (s: string) => shellQuote(s, opts.platform);
  return `${q(opts.node)} ${q(opts.script)} hook ${opts.event} --vault ${q(opts.vault)}`;
}

/**
 * The vault a hook command of ours serves (its `--vault` argument, unquoted as the shell would), or null
 * when the command does not end in one: what `hooks uninstall` needs to stop that vault's recall server.
 */
export function hookVault(command: string, platform: string): string | null {
  // hookCommand's shape: NODE SCRIPT hook EVENT --vault VAULT (the first such run: a vault may hold ` --vault `).
  const m = / hook [a-z-]+ --vault /.exec(command);
  if (!m) return null;
  const arg = command.slice(m.index + m[0].length);
  if (platform === 'win32') return /^"(?:[^"]|"")*"$/.test(arg) ? arg.slice(1, -1).replace(/""/g, '"') : null;
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  // shellQuote's form: quoted runs joined by \' (an escaped single quote).
  if (!/^'[^']*'(?:\\''[^']*')*$/.test(arg)) return null;
  return arg.slice(1, -1).replace(/'\\''/g, "'");
}

/** The four entries `hooks install` writes. */
export function ourHooks(command: (event: HookEvent) => string): OurHook[] {
  return [
    // A cleared or compacted session has lost its pack and gets it again; a resumed one gets only what changed
    // since it was given (the per-session ledger, src/core/recall/given.ts).
    {
      event: 'session-start',
      matcher: 'startup|resume|clear|compact',
      command: command('session-start'),
      timeout: 10,
      statusMessage: 'Loading memory from your vault',
    },
    // Codex has no matcher for this event; the hook itself sends nothing when no new note is relevant enough.
    { event: 'user-prompt-submit', command: command('user-prompt-submit'), timeout: 5 },
    { event: 'stop', command: command('stop'), timeout: 10 },
    // Codex 0.169.0 clamps a SessionEnd timeout to 3 s (and warns about anything longer).
    { event: 'session-end', command: command('session-end'), timeout: 3 },
  ];
}

function handlerFor(h: OurHook): JsonObject {
  return { type: 'command', command: h.command, timeout: h.timeout, ...(h.statusMessage ? { statusMessage: h.statusMessage } : {}) };
}

interface Parsed {
  root: JsonObject;
  hooks: JsonObject;
  indent: string;
}

function parse(path: string, text: string | null): Parsed {
  if (text === null || !text.trim()) {
    const hooks: JsonObject = {};
    return { root: { hooks }, hooks, indent: '  ' };
  }
  let root: Json;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (e) {
    throw new HooksConfigError(path, `is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(root)) throw new HooksConfigError(path, 'does not hold a JSON object');
  if (root.hooks === undefined) root.hooks = {};
  if (!isObject(root.hooks)) throw new HooksConfigError(path, '"hooks" is not an object');
  for (const [event, groups] of Object.entries(root.hooks)) {
    if (!Array.isArray(groups)) throw new HooksConfigError(path, `"hooks.${event}" is not a list`);
  }
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { root, hooks: root.hooks, indent };
}

function serialize(p: Parsed): string {
  return JSON.stringify(p.root, null, p.indent) + '\n';
}

/**
 * Removes our handlers from every event except where `keep` says to leave one in place (the first one found for
 * that event, which the caller then overwrites). A group or event list that only we had emptied goes too.
 */
function removeOurs(hooks: JsonObject, keep?: (event: string, handler: JsonObject) => boolean): number {
  let removed = 0;
  for (const event of Object.keys(hooks)) {
    const groups = hooks[event] as Json[];
    const next: Json[] = [];
    let ourGroupsDropped = false;
    for (const group of groups) {
      if (!isObject(group) || !Array.isArray(group.hooks)) {
        next.push(group);
        continue;
      }
      const handlers = group.hooks;
      const kept = handlers.filter((h) => !ourHookEvent(h) || (keep?.(event, h as JsonObject) ?? false));
      removed += handlers.length - kept.length;
      if (kept.length === handlers.length) {
        next.push(group);
      } else if (kept.length > 0) {
        next.push({ ...group, hooks: kept });
      } else {
        ourGroupsDropped = true;
      }
    }
    if (next.length === 0 && ourGroupsDropped) delete hooks[event];
    else hooks[event] = next;
  }
  return removed;
}

export interface MergeResult {
  text: string;
  changed: boolean;
}

/** hooks.json with our entries in it: existing ones updated in place, missing ones appended. */
export function installHooks(path: string, text: string | null, ours: OurHook[]): MergeResult {
  const p = parse(path, text);
  const claimed = new Set<JsonObject>();
  for (const h of ours) {
    const eventName = CODEX_EVENT_NAME[h.event];
    const groups = p.hooks[eventName] as Json[] | undefined;
    const existing = groups?.flatMap((g) => (isObject(g) && Array.isArray(g.hooks) ? g.hooks : [])).find((x) => ourHookEvent(x) === h.event) as
      JsonObject | undefined;
    if (existing) claimed.add(existing);
  }
  removeOurs(p.hooks, (event, handler) => claimed.has(handler) && CODEX_EVENT_NAME[ourHookEvent(handler)!] === event);
  for (const h of ours) {
    const eventName = CODEX_EVENT_NAME[h.event];
    const groups = (p.hooks[eventName] as Json[] | undefined) ?? (p.hooks[eventName] = []);
    const found = locate(groups, h.event);
    if (found) {
      const { group, handlers, index } = found;
      handlers[index] = handlerFor(h);
      if (h.matcher !== undefined && handlers.length === 1) group.matcher = h.matcher;
    } else {
      groups.push({ ...(h.matcher !== undefined ? { matcher: h.matcher } : {}), hooks: [handlerFor(h)] });
    }
  }
  const next = serialize(p);
  return { text: next, changed: text === null || !sameJson(text, next) };
}

function locate(groups: Json[], event: HookEvent): { group: JsonObject; handlers: Json[]; index: number } | null {
  for (const group of groups) {
    if (!isObject(group) || !Array.isArray(group.hooks)) continue;
    const handlers = group.hooks;
    const index = handlers.findIndex((x) => ourHookEvent(x) === event);
    if (index !== -1) return { group, handlers, index };
  }
  return null;
}

/** hooks.json without any of our entries. */
export function uninstallHooks(path: string, text: string | null): MergeResult & { removed: number } {
  if (text === null) return { text: '', changed: false, removed: 0 };
  const p = parse(path, text);
  const removed = removeOurs(p.hooks);
  return { text: removed ? serialize(p) : text, changed: removed > 0, removed };
}

/** Our handlers currently in the file, by event (for status lines and tests). */
export function listOurHooks(path: string, text: string | null): { event: HookEvent; codexEvent: string; command: string }[] {
  const p = parse(path, text);
  const out: { event: HookEvent; codexEvent: string; command: string }[] = [];
  for (const [codexEvent, groups] of Object.entries(p.hooks)) {
    for (const g of groups as Json[]) {
      if (!isObject(g) || !Array.isArray(g.hooks)) continue;
      for (const h of g.hooks) {
        const event = ourHookEvent(h);
        if (event) out.push({ event, codexEvent, command: (h as JsonObject).command as string });
      }
    }
  }
  return out;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a.replace(/^\uFEFF/, ''))) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
