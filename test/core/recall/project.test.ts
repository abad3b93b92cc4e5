// Project detection: the longest repo path that holds the cwd, else the nearest repository's git remote
// in any of its spellings.
import { detectProject, gitRemotes, normalizeRemote } from '../../../src/core/recall';

const notes = [
  { path: 'projects/mono.md', repo: ['/src/mono'], remote: [] },
  { path: 'projects/mono-web.md', repo: ['/src/mono/apps/web/'], remote: [] },
  { path: 'projects/api.md', repo: [], remote: ['https://github.com/Acme/API'] },
  { path: 'projects/cli.md', repo: [], remote: ['ssh://git@gitlab.example.com:2222/tools/cli.git'] },
];

describe('detectProject', () => {
  it('takes the longest repo path that holds the folder', () => {
    expect(detectProject('/src/mono/apps/web/src', notes)?.path).toBe('projects/mono-web.md');
    expect(detectProject('/src/mono/lib', notes)?.path).toBe('projects/mono.md');
    expect(detectProject('/src/mono', notes)).toMatchObject({ path: 'projects/mono.md', by: 'repo' });
    expect(detectProject('/src/monolith', notes)).toBeNull();
  });

  it('falls back to the git remote of the nearest repository', () => {
    const configs: Record<string, string> = {
      '/work/api': '[remote "upstream"]\n\turl = https://example.org/x.git\n[remote "origin"]\n\turl = git@github.com:acme/api.git\n',
      '/work/tools/cli': '[remote "origin"]\n\turl = git@gitlab.example.com:tools/cli\n',
    };
    const read = (dir: string) => configs[dir] ?? null;
    expect(detectProject('/work/api/pkg/deep', notes, read)).toMatchObject({ path: 'projects/api.md', by: 'remote', match: 'github.com/acme/api' });
    expect(detectProject('/work/tools/cli', notes, read)?.path).toBe('projects/cli.md');
    expect(detectProject('/work/other', notes, read)).toBeNull();
  });

  it('lets the nearest repository decide even when an enclosing one matches', () => {
    const read = (dir: string) =>
      dir === '/work/api' ? '[remote "origin"]\n\turl = git@github.com:acme/api.git\n' : dir === '/work/api/vendor/lib' ? '[core]\n' : null;
    expect(detectProject('/work/api/vendor/lib', notes, read)).toBeNull();
  });
});

describe('remotes', () => {
  it.each([
    ['git@github.com:Acme/API.git', 'github.com/acme/api'],
    ['https://github.com/acme/api', 'github.com/acme/api'],
    ['https://user:pw@github.com/acme/api.git/', 'github.com/acme/api'],
    ['ssh://git@github.com/acme/api.git', 'github.com/acme/api'],
    ['ssh://git@gitlab.example.com:2222/tools/cli.git', 'gitlab.example.com/tools/cli'],
    ['git://example.org/group/sub/repo', 'example.org/group/sub/repo'],
    ['/local/path/repo.git', null],
    ['', null],
  ])('%s → %s', (remote, expected) => {
    expect(normalizeRemote(remote)).toBe(expected);
  });

  it('reads remote urls from a git config, origin first', () => {
    const config =
      '[core]\n\turl = not-a-remote\n[remote "fork"]\n\turl = git@h:me/x.git\n[remote "origin"]\n  url = "https://h/o/x"\n[branch "main"]\n\tremote = origin\n';
    expect(gitRemotes(config)).toEqual(['https://h/o/x', 'git@h:me/x.git']);
  });
});
