// Turns whatever is stored (data.json of any version, hand-edited, truncated, from a newer release) into
// valid settings. Never throws. Decisions, so the plugin and the CLI agree:
// - A known key with a wrong type or an out-of-range value falls back to its default (one bad value does
//   not reset the others).
// - Unknown keys are kept as they are, so settings written by a newer release survive a round-trip
//   through this one; `version` never goes down for the same reason.
// - Anything that looks like a secret (an API key pasted into data.json by hand or by an old build) is
//   dropped: keys live in Obsidian's SecretStorage or the environment, never in data.json.
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  type AutoCheckpoint,
  type CodexMemorySettings,
  type DistillerKind,
  type FolderSettings,
} from './settings';
import { normaliseVaultPath } from './vault/paths';

const DISTILLERS: readonly DistillerKind[] = ['offline', 'openai', 'codex'];
const AUTO_CHECKPOINT: readonly AutoCheckpoint[] = ['off', 'inbox', 'apply'];
/** Secret-store ids are lowercase letters, digits and dashes (Obsidian's SecretStorage rule). */
const SECRET_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SECRET_LOOKING = /(api[-_]?key|secret|password|bearer)/i;

type Raw = Record<string, unknown>;

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick<T>(v: unknown, ok: (x: unknown) => x is T, fallback: T): T {
  return ok(v) ? v : fallback;
}

/** Allowed ranges of the numeric settings (the settings tab validates against the same bounds). */
export const SETTING_LIMITS = {
  checkpointTokenCap: { min: 1000, max: 2_000_000 },
  contextBudget: { min: 100, max: 200_000 },
  staleAfterDays: { min: 1, max: 3650 },
  // Codex cuts hook output above about 2,500 tokens (see src/node/session-start-hook.ts).
  promptBudget: { min: 100, max: 2400 },
  watcherIntervalMinutes: { min: 1, max: 24 * 60 },
} as const;

const isString = (x: unknown): x is string => typeof x === 'string';
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const oneOf =
  <T extends string>(list: readonly T[]) =>
  (x: unknown): x is T =>
    typeof x === 'string' && (list as readonly string[]).includes(x);
const intIn =
  (min: number, max: number) =>
  (x: unknown): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
const inLimits = (key: keyof typeof SETTING_LIMITS) => intIn(SETTING_LIMITS[key].min, SETTING_LIMITS[key].max);
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';
export const isHttpUrl = (x: unknown): x is string => {
  if (typeof x !== 'string') return false;
  try {
    const u = new URL(x);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Checks one folder or file setting as a person typed it: the normalised vault path, or a sentence saying
 * what is wrong with it.
 */
export function checkFolderSetting(key: keyof FolderSettings, value: string): { path: string } | { problem: string } {
  let path: string;
  try {
    path = normaliseVaultPath(value.trim());
  } catch (err) {
    return { problem: (err as Error).message };
  }
  if ((key === 'todoFile' || key === 'preferencesFile') && !path.toLowerCase().endsWith('.md')) {
    return { problem: 'This must be a markdown note ending in .md.' };
  }
  return { path };
}

/** Each folder or file setting: a safe, non-empty vault path (normalised), else the default. */
function migrateFolders(raw: unknown): FolderSettings {
  const src = isRecord(raw) ? raw : {};
  const out = { ...DEFAULT_SETTINGS.folders };
  for (const key of Object.keys(out) as (keyof FolderSettings)[]) {
    const v = src[key];
    if (typeof v !== 'string') continue;
    const checked = checkFolderSetting(key, v);
    if ('path' in checked) out[key] = checked.path;
  }
  return out;
}

export function migrateSettings(raw: unknown): CodexMemorySettings {
  const src: Raw = isRecord(raw) ? raw : {};
  const d = DEFAULT_SETTINGS;
  const storedVersion = intIn(0, Number.MAX_SAFE_INTEGER)(src.version) ? src.version : SETTINGS_VERSION;
  const known: CodexMemorySettings = {
    version: Math.max(storedVersion, SETTINGS_VERSION),
    folders: migrateFolders(src.folders),
    codexHome: pick(src.codexHome, isString, d.codexHome).trim(),
    distiller: pick(src.distiller, oneOf(DISTILLERS), d.distiller),
    openaiBaseUrl: pick(src.openaiBaseUrl, isHttpUrl, d.openaiBaseUrl),
    openaiModel: pick(src.openaiModel, nonEmpty, d.openaiModel).trim(),
    apiKeySecretName: pick(src.apiKeySecretName, (x): x is string => typeof x === 'string' && SECRET_ID.test(x), d.apiKeySecretName),
    checkpointTokenCap: pick(src.checkpointTokenCap, inLimits('checkpointTokenCap'), d.checkpointTokenCap),
    contextBudget: pick(src.contextBudget, inLimits('contextBudget'), d.contextBudget),
    staleAfterDays: pick(src.staleAfterDays, inLimits('staleAfterDays'), d.staleAfterDays),
    promptRecall: pick(src.promptRecall, isBool, d.promptRecall),
    promptBudget: pick(src.promptBudget, inLimits('promptBudget'), d.promptBudget),
    recallServer: pick(src.recallServer, isBool, d.recallServer),
    autoCheckpoint: pick(src.autoCheckpoint, oneOf(AUTO_CHECKPOINT), d.autoCheckpoint),
    watcherEnabled: pick(src.watcherEnabled, isBool, d.watcherEnabled),
    watcherIntervalMinutes: pick(src.watcherIntervalMinutes, inLimits('watcherIntervalMinutes'), d.watcherIntervalMinutes),
    embeddings: pick(src.embeddings, isBool, d.embeddings),
    embeddingsModel: pick(src.embeddingsModel, nonEmpty, d.embeddingsModel).trim(),
  };
  const unknown: Raw = {};
  for (const [key, value] of Object.entries(src)) {
    if (key in known || SECRET_LOOKING.test(key) || key === '__proto__') continue;
    unknown[key] = value;
  }
  return { ...unknown, ...known };
}

/** What may be written to data.json: the settings minus anything secret-looking (defence in depth). */
export function settingsForSaving(settings: CodexMemorySettings): Record<string, unknown> {
  const out: Raw = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key !== 'apiKeySecretName' && SECRET_LOOKING.test(key)) continue;
    out[key] = value;
  }
  return out;
}
