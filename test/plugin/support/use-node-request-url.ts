// Import first (before anything that imports 'obsidian'): from then on the plugin's requestUrl is
// nodeRequestUrl. The esbuild transform does not hoist jest.mock, hence a module of its own.
jest.mock('obsidian', () => ({
  ...jest.requireActual<object>('obsidian-test-mocks/obsidian'),
  requestUrl: (p: unknown) => jest.requireActual<typeof import('./node-request-url')>('./node-request-url').nodeRequestUrl(p as never),
}));

export {};
