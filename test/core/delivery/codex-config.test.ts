import { hooksDisabled, projectDocMaxBytes } from '../../../src/core/delivery/codex-config';

describe('reading Codex config.toml', () => {
  test.each([
    ['[features]\nhooks = false\n', true],
    ['[features]\ncodex_hooks = false # old name\n', true],
    ['features.hooks = false\n', true],
    ['[features]\nhooks = true\n', false],
    ['# [features]\n# hooks = false\n', false],
    ['[features]\nweb_search = false\n[profiles.x]\nhooks = false\n', false],
    ['[hooks.state."/x/hooks.json:stop:0:0"]\ntrusted_hash = "abc"\n', false],
    ['', false],
  ])('hooks off in %j: %s', (toml, off) => {
    expect(hooksDisabled(toml)).toBe(off);
  });

  test('project_doc_max_bytes at top level only', () => {
    expect(projectDocMaxBytes('model = "x"\nproject_doc_max_bytes = 65536\n')).toBe(65536);
    expect(projectDocMaxBytes('project_doc_max_bytes = 65_536\n')).toBe(65536);
    expect(projectDocMaxBytes('[profiles.big]\nproject_doc_max_bytes = 1\n')).toBeNull();
    expect(projectDocMaxBytes('project_doc_max_bytes = "lots"\n')).toBeNull();
    expect(projectDocMaxBytes('')).toBeNull();
  });
});
