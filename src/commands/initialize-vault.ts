// "Initialize memory vault": the same core as `codex-memory init`, reported in a notice.
import { Notice } from 'obsidian';
import { initVault, type InitReport } from '../core/vault/init-vault';
import type { CodexMemoryHost } from '../plugin/host';

export function initReportMessage(report: InitReport): string {
  if (report.problems.length) {
    const lines = report.problems.map((p) => `${p.path}: ${p.reason}`).join('\n');
    return `Memory vault set up with problems (${report.created.length} added):\n${lines}`;
  }
  if (report.created.length === 0) return 'Memory vault is already set up; nothing was changed.';
  return `Memory vault set up. Added: ${report.created.join(', ')}.`;
}

export async function initializeMemoryVault(host: CodexMemoryHost): Promise<InitReport> {
  const { store, state, settings } = host.openVault();
  try {
    const report = await initVault(store, state, settings);
    new Notice(initReportMessage(report), report.problems.length ? 0 : undefined);
    return report;
  } catch (err) {
    new Notice(`Could not set up the memory vault: ${(err as Error).message}`, 0);
    throw err;
  }
}
