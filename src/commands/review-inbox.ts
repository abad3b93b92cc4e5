// "Review memory inbox": the inbox modal, wired to the vault.
import { TFile } from 'obsidian';
import { desktopCodex } from '../obsidian/desktop-codex';
import type { CodexMemoryHost } from '../plugin/host';
import { acceptIntoNote, acceptTargets, dismissProposal, listProposals, type Proposal } from '../core/checkpoint/inbox';
import { servicesOf } from '../plugin/services';
import { InboxModal, type InboxActions } from '../ui/inbox-modal';
import { reviewCheckpoint } from './review-checkpoint';
import { reviewStaleMemory } from './review-stale';

function titleOf(host: CodexMemoryHost, path: string): string | undefined {
  const file = host.app.vault.getFileByPath(path);
  const heading = file ? host.app.metadataCache.getFileCache(file)?.headings?.find((h) => h.level === 1)?.heading : undefined;
  return heading ?? (file ? file.basename : undefined);
}

export function inboxActions(host: CodexMemoryHost): InboxActions {
  const services = servicesOf(host);
  return {
    async list() {
      const vault = host.openVault();
      return listProposals(vault.store, vault.settings);
    },
    async targets(p) {
      const notes = await host.openVault().store.listMarkdown();
      return acceptTargets(p, notes, host.settings, (path) => titleOf(host, path)).filter((t) => notes.includes(t.path));
    },
    async accept(p, target, words) {
      const { store } = host.openVault();
      await acceptIntoNote(store, target, words);
      await dismissProposal(store, p);
    },
    async review(p: Proposal) {
      if (!p.transcript) throw new Error('This proposal does not say which session it came from.');
      const transcript = p.transcript;
      const result = await reviewCheckpoint(host, async (progress) => {
        progress.step(`Reading session ${p.thread?.slice(0, 8) ?? ''}…`);
        const codex = (await desktopCodex()).sessions(host.settings.codexHome);
        return codex.read(transcript);
      });
      if (!result?.checkpoint) return false;
      await dismissProposal(host.openVault().store, p);
      return true;
    },
    async reject(p) {
      await dismissProposal(host.openVault().store, p);
    },
    open(p) {
      const file = host.app.vault.getAbstractFileByPath(p.path);
      if (file instanceof TFile) void host.app.workspace.getLeaf(false).openFile(file);
    },
    reviewStale() {
      reviewStaleMemory(host);
    },
    changed() {
      void services.refreshInbox();
    },
  };
}

export function reviewMemoryInbox(host: CodexMemoryHost): InboxModal {
  const modal = new InboxModal(host.app, inboxActions(host));
  modal.open();
  return modal;
}
