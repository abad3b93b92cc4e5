// Lint with Obsidian's own plugin rules. Node-only code (CLI, MCP server, Node adapters, scripts, tests)
// may use Node's modules; the plugin and the core may not.
import { defineConfig, globalIgnores } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';
import globals from 'globals';

export default defineConfig([
  globalIgnores(['node_modules/', 'main.js', 'dist/', 'bin/', 'coverage/', '.cache/', 'scripts/', 'test/support/*.cjs', '*.config.cjs', 'esbuild.config.mjs', 'eslint.config.mjs']),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.*'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'obsidianmd/ui/sentence-case': ['error', { brands: ['Codex', 'Codex Memory', 'OpenAI', 'Obsidian', 'AGENTS.md', 'MCP', 'CODEX_HOME', 'TODO.md'], acronyms: ['API', 'URL', 'MCP', 'TODO', 'CLI', 'JSON', 'ID'] }],
      // getSettingDefinitions() is Obsidian 1.13's declarative settings API: the installed obsidian typings
      // (1.12.3) do not declare it and manifest.json's minAppVersion is 1.11.4, so display() stays the way the
      // settings tab is built. Turn this back on once the typings and minAppVersion reach 1.13.
      'obsidianmd/settings-tab/prefer-setting-definitions': 'off',
    },
  },
  {
    files: ['src/node/**/*.ts', 'src/cli/**/*.ts', 'src/mcp/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'obsidianmd/no-nodejs-modules': 'off',
      'obsidianmd/prefer-window-timers': 'off',
      'obsidianmd/no-global-this': 'off',
      'import/no-nodejs-modules': 'off',
      // Node code has no Vault#configDir to ask; it reads the plugin's data.json under the default folder.
      'obsidianmd/hardcoded-config-path': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'obsidianmd/ui/sentence-case': 'off',
    },
  },
]);
