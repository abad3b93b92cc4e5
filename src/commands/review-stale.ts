// "Review stale memory": the modal, wired to the core's review workflow (src/core/memory/stale-review.ts) and
// to the same undo as "Undo last checkpoint".
import { TFile } from 'obsidian';
import { ledgerStoreOf } from '../core/checkpoint/workflow';
import { applyReviewAction, listStaleMemory } from '../core/memory/stale-review';
import { undoLastCheckpoint } from '../core/memory/undo';
import { usageStats } from '../core/recall/usage';
import type { CodexMemoryHost } from '../plugin/host';
import { servicesOf } from '../plugin/services';
import { StaleReviewModal, type StaleReviewActions } from '../ui/stale-review-modal';
import { undoMessage } from './undo-checkpoint';

export function staleReviewActions(host: CodexMemoryHost): StaleReviewActions {
  const memoryHost = () => servicesOf(host).memoryHost();
  return {
    async list() {
      return listStaleMemory(await memoryHost());
    },
    async stats() {
      const h = await memoryHost();
      return usageStats(h.state, h.now());
    },
    async act(entry, action) {
      const result = await applyReviewAction(await memoryHost(), entry, action);
      if (!result.applied.length) throw new Error(result.skipped[0]?.reason ?? 'Nothing was written.');
      return `Changed ${entry.path}. Undo last change takes it back.`;
    },
    async undo() {
      const vault = host.openVault();
      return undoMessage(await undoLastCheckpoint(vault.store, ledgerStoreOf(vault)));
    },
    open(entry) {
      const file = host.app.vault.getAbstractFileByPath(entry.path);
      if (file instanceof TFile) void host.app.workspace.getLeaf(false).openFile(file);
    },
  };
}

export function reviewStaleMemory(host: CodexMemoryHost): StaleReviewModal {
  const modal = new StaleReviewModal(host.app, staleReviewActions(host));
  modal.open();
  return modal;
}
