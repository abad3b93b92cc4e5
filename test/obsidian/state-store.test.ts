/** @jest-environment jsdom */
import { App } from 'obsidian-test-mocks/obsidian';
import { setup, teardown } from 'obsidian-test-mocks/setup';
import { ObsidianStateStore } from '../../src/obsidian/state-store';
import { ObsidianVaultStore } from '../../src/obsidian/vault-store';
import { describeStateStoreContract } from '../contract/state-store.contract';

beforeAll(() => setup());
afterAll(() => teardown());

describeStateStoreContract('Obsidian (vault adapter)', async () => {
  const app = App.createConfigured__().asOriginalType__();
  return {
    state: new ObsidianStateStore(app.vault.adapter),
    store: new ObsidianVaultStore(app),
    readRaw: async (p) => ((await app.vault.adapter.exists(p)) ? app.vault.adapter.read(p) : null),
  };
});
