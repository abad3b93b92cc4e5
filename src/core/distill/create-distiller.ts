// Picks and builds the distiller the settings (or --distiller) ask for. The caller resolves where values
// come from (environment, SecretStorage, settings) and injects the I/O; this only wires them together.
import type { CodexMemorySettings, DistillerKind } from '../settings';
import { createCodexDistiller, type CodexRunner } from './codex';
import type { Distiller } from './distiller';
import { DistillError } from './errors';
import { offlineDistiller } from './offline';
import { createOpenAIDistiller, type OpenAIClientFactory, type Sleep } from './openai';

export type DistillerSettings = Pick<CodexMemorySettings, 'distiller' | 'openaiBaseUrl' | 'openaiModel' | 'checkpointTokenCap'>;

export interface DistillerDeps {
  /** The key for the OpenAI-compatible server (from SecretStorage or OPENAI_API_KEY). */
  apiKey?: string;
  /** Overrides settings.openaiBaseUrl (e.g. from OPENAI_BASE_URL). */
  baseURL?: string;
  /** Overrides settings.openaiModel (e.g. from CODEX_MEMORY_MODEL). */
  model?: string;
  /** Builds the SDK client; the plugin passes one that uses Obsidian's network layer. */
  openaiClient?: OpenAIClientFactory;
  /** Runs `codex exec`; required for the codex distiller (src/node/codex-exec.ts in Node). */
  codexRunner?: CodexRunner;
  sleep?: Sleep;
  timeoutMs?: number;
  maxRetries?: number;
  maxInputTokens?: number;
}

/** Environment values that override the settings, as the CLI reads them. Empty strings count as unset. */
export function modelOverridesFromEnv(env: Record<string, string | undefined>): Pick<DistillerDeps, 'apiKey' | 'baseURL' | 'model'> {
  const v = (k: string) => env[k]?.trim() || undefined;
  return { apiKey: v('OPENAI_API_KEY'), baseURL: v('OPENAI_BASE_URL'), model: v('CODEX_MEMORY_MODEL') };
}

export function createDistiller(settings: DistillerSettings, deps: DistillerDeps = {}, kind: DistillerKind = settings.distiller): Distiller {
  switch (kind) {
    case 'offline':
      return offlineDistiller;
    case 'openai':
      return createOpenAIDistiller({
        baseURL: deps.baseURL ?? settings.openaiBaseUrl,
        model: deps.model ?? settings.openaiModel,
        apiKey: deps.apiKey,
        clientFactory: deps.openaiClient,
        sleep: deps.sleep,
        timeoutMs: deps.timeoutMs,
        maxRetries: deps.maxRetries,
        maxInputTokens: deps.maxInputTokens,
        tokenCap: settings.checkpointTokenCap,
      });
    case 'codex':
      if (!deps.codexRunner) throw new DistillError('config', 'The codex distiller needs a way to run `codex exec`, and none was given.');
      return createCodexDistiller({ run: deps.codexRunner, tokenCap: settings.checkpointTokenCap, maxInputTokens: deps.maxInputTokens });
    default:
      throw new DistillError('config', `Unknown distiller "${String(kind)}": use offline, openai or codex.`);
  }
}
