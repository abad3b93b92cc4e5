// Lint with Obsidian's own plugin rules. Node-only code (CLI, MCP server, Node adapters, scripts, tests)
// may use Node's modules; the plugin and the core may not.
import { defineConfig, globalIgnores } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

/** A relative import that reaches into one of these top-level folders of src/. */
function folderPattern(folders) {
  return `^(\\.\\.?/)+(src/)?(${folders.join('|')})(/|$)`;
}

/** no-restricted-imports (static) plus no-restricted-syntax (import()) for the folders, with the reason. */
function restrict(folders, why, packages = false) {
  const regex = folderPattern(folders);
  // `node:fs` and the bare `fs` alike.
  const nodeBuiltin = `^(node:|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(\\/|$))`;
  // esquery's regex literals end at the first '/', so the selector spells it \x2F.
  const dynamic = [{ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message: `Layer rule: ${why}.` }];
  const patterns = [{ regex, message: `Layer rule: ${why}.` }];
  if (packages) {
    dynamic.push(
      {
        selector: `ImportExpression[source.value=/${nodeBuiltin.replaceAll('\\/', '\\x2F').replaceAll('/', '\\x2F')}/]`,
        message: `Layer rule: ${why}.`,
      },
      { selector: "ImportExpression[source.value='obsidian']", message: `Layer rule: ${why}.` },
    );
    patterns.push({ regex: nodeBuiltin, message: `Layer rule: ${why}.` });
  }
  return {
    rules: {
      'no-restricted-imports': ['error', { patterns, ...(packages ? { paths: [{ name: 'obsidian', message: `Layer rule: ${why}.` }] } : {}) }],
      'no-restricted-syntax': ['error', ...dynamic],
    },
  };
}

function layer(files, folders, { why, packages = false }) {
  return { files: [files], ...restrict(folders, why, packages) };
}

export default defineConfig([
  globalIgnores([
    'node_modules/',
    'main.js',
    'lazy.js',
    'recall-worker.js',
    'dist/',
    'bin/',
    'coverage/',
    '.cache/',
    'tmp/',
    'scripts/',
    'test/support/*.cjs',
    '*.config.cjs',
    'esbuild.config.mjs',
    'eslint.config.mjs',
  ]),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.*'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'obsidianmd/ui/sentence-case': [
        'error',
        {
          brands: ['Codex', 'Codex Memory', 'OpenAI', 'Obsidian', 'AGENTS.md', 'MCP', 'CODEX_HOME', 'TODO.md'],
          acronyms: ['API', 'URL', 'MCP', 'TODO', 'CLI', 'JSON', 'ID'],
        },
      ],
    },
  },
  // Layer boundaries (docs/architecture.md, "Layers"). A rule that is only written down gets broken, so each
  // is a lint error, for static imports and for import() alike.
  layer('src/core/**/*.ts', ['node', 'obsidian', 'plugin', 'ui', 'commands', 'cli', 'mcp'], {
    packages: true,
    why: 'src/core is pure: no obsidian, no Node modules, no shell code (a host brings what it needs)',
  }),
  layer('src/node/**/*.ts', ['plugin', 'ui', 'commands', 'obsidian'], {
    why: 'src/node is for Node shells; the plugin reaches it, never the reverse',
  }),
  layer('src/{ui,commands,plugin}/**/*.ts', ['node', 'cli', 'mcp'], {
    why: 'the plugin reaches src/node only through src/obsidian/desktop-codex.ts, loaded on desktop on first use',
  }),
  {
    files: ['src/obsidian/**/*.ts'],
    ignores: ['src/obsidian/desktop-codex.ts'],
    ...restrict(
      ['cli', 'mcp', 'plugin', 'ui', 'commands', 'node'],
      'src/obsidian holds adapters over the Obsidian API and knows no shell; only desktop-codex.ts loads src/node',
    ),
  },
  layer('src/obsidian/desktop-codex.ts', ['cli', 'mcp', 'plugin', 'ui', 'commands'], {
    why: 'src/obsidian holds adapters over the Obsidian API; it knows no shell',
  }),
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
  // Formatting is Prettier's (npm run format; npm run lint checks it): no style rule may fight it.
  prettier,
]);
