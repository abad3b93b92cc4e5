/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/test/support/esbuild-transform.cjs' },
  // Everything under node_modules that ships only ESM must be transformed too; plain CommonJS passes through.
  transformIgnorePatterns: [
    '/node_modules/(?!(unified|bail|devlop|is-plain-obj|trough|vfile|vfile-message|unist-.*|mdast-.*|micromark.*|decode-named-character-reference|character-entities|ccount|escape-string-regexp|markdown-table|longest-streak|zwitch|remark-.*|gpt-tokenizer|fzstd|diff)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^obsidian$': 'obsidian-test-mocks/obsidian' },
  testTimeout: 30000,
};
