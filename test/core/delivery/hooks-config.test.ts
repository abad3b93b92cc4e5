import {
  HooksConfigError,
  hookCommand,
  hookVault,
  installHooks,
  listOurHooks,
  ourHooks,
  shellQuote,
  uninstallHooks,
} from '../../../src/core/delivery/hooks-config';
import type { HookEvent } from '../../../src/core/delivery/hook-input';

const P = '/home/marta/.codex/hooks.json';
const cmd =
  (vault: string, script = '/opt/codex memory/bin/codex-memory.js') =>
  (event: HookEvent) =>
    hookCommand({ node: '/usr/bin/node', script, event, vault, platform: 'linux' });
const ours = ourHooks(cmd('/home/marta/Vault'));

// Someone else's hooks, in an order and shape we must keep: a description key, a PreToolUse guard, a
// SessionStart group with a matcher, and a Stop group that also holds a notifier.
const foreign = {
  description: 'team hooks',
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/guard', timeout: 30 }] }],
    SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'echo hello', statusMessage: 'hi' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'notify-send done', async: true }] }],
  },
  zz_last: [1, 2, 3],
};

describe('hooks.json merge', () => {
  test('install into no file writes our four entries', () => {
    const { text, changed } = installHooks(P, null, ours);
    expect(changed).toBe(true);
    const json = JSON.parse(text);
    expect(Object.keys(json.hooks)).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop', 'SessionEnd']);
    expect(json.hooks.SessionStart).toEqual([
      {
        matcher: 'startup|resume|clear|compact',
        hooks: [
          {
            type: 'command',
            command: "/usr/bin/node '/opt/codex memory/bin/codex-memory.js' hook session-start --vault /home/marta/Vault",
            timeout: 10,
            statusMessage: 'Loading memory from your vault',
          },
        ],
      },
    ]);
    expect(listOurHooks(P, text).map((h) => `${h.codexEvent}:${h.event}`)).toEqual([
      'SessionStart:session-start',
      'UserPromptSubmit:user-prompt-submit',
      'Stop:stop',
      'SessionEnd:session-end',
    ]);
    // Codex matches nothing for UserPromptSubmit: the entry has no matcher and runs for every prompt.
    expect(json.hooks.UserPromptSubmit).toEqual([
      {
        hooks: [
          {
            type: 'command',
            command: "/usr/bin/node '/opt/codex memory/bin/codex-memory.js' hook user-prompt-submit --vault /home/marta/Vault",
            timeout: 5,
          },
        ],
      },
    ]);
  });

  test('install keeps every foreign key, event, group and handler, in order, and adds ours after them', () => {
    const before = JSON.stringify(foreign, null, 4);
    const { text } = installHooks(P, before, ours);
    const after = JSON.parse(text);
    expect(Object.keys(after)).toEqual(['description', 'hooks', 'zz_last']);
    expect(after.description).toBe('team hooks');
    expect(after.zz_last).toEqual([1, 2, 3]);
    expect(Object.keys(after.hooks)).toEqual(['PreToolUse', 'SessionStart', 'Stop', 'UserPromptSubmit', 'SessionEnd']);
    expect(after.hooks.PreToolUse).toEqual(foreign.hooks.PreToolUse);
    expect(after.hooks.SessionStart[0]).toEqual(foreign.hooks.SessionStart[0]);
    expect(after.hooks.Stop[0]).toEqual(foreign.hooks.Stop[0]);
    expect(after.hooks.SessionStart).toHaveLength(2);
    expect(after.hooks.Stop).toHaveLength(2);
    expect(text).toMatch(/^{\n {4}"description"/);
    // Uninstall gives back the same JSON values in the same order.
    const removed = uninstallHooks(P, text);
    expect(removed.removed).toBe(4);
    expect(JSON.parse(removed.text)).toEqual(foreign);
    expect(Object.keys(JSON.parse(removed.text).hooks)).toEqual(Object.keys(foreign.hooks));
  });

  test('install twice is install once; the second run reports no change', () => {
    const once = installHooks(P, JSON.stringify(foreign), ours).text;
    const twice = installHooks(P, once, ours);
    expect(twice.changed).toBe(false);
    expect(twice.text).toBe(once);
  });

  test('reinstall from a moved checkout or for another vault replaces ours in place, never duplicates', () => {
    const once = installHooks(P, JSON.stringify(foreign), ours).text;
    const moved = installHooks(P, once, ourHooks(cmd('/home/marta/Other vault', '/new/place/bin/codex-memory.js')));
    expect(moved.changed).toBe(true);
    const listed = listOurHooks(P, moved.text);
    expect(listed).toHaveLength(4);
    expect(listed.every((h) => h.command.includes('/new/place/bin/codex-memory.js hook') && h.command.includes("'/home/marta/Other vault'"))).toBe(
      true,
    );
    // Same places as before: the groups did not move.
    const a = JSON.parse(once);
    const b = JSON.parse(moved.text);
    expect(b.hooks.SessionStart.length).toBe(a.hooks.SessionStart.length);
    expect(b.hooks.Stop[0]).toEqual(foreign.hooks.Stop[0]);
  });

  test('a handler of ours that a person put inside their own group is updated there, their matcher kept', () => {
    const mixed = {
      hooks: {
        Stop: [
          {
            matcher: 'x',
            hooks: [
              { type: 'command', command: 'notify-send done' },
              { type: 'command', command: 'codex-memory hook stop --vault /v' },
            ],
          },
        ],
      },
    };
    const out = JSON.parse(installHooks(P, JSON.stringify(mixed), ours).text);
    expect(out.hooks.Stop).toHaveLength(1);
    expect(out.hooks.Stop[0].matcher).toBe('x');
    expect(out.hooks.Stop[0].hooks[0]).toEqual({ type: 'command', command: 'notify-send done' });
    expect(out.hooks.Stop[0].hooks[1].command).toContain('/home/marta/Vault');
    // Uninstall leaves their group with only their handler.
    const un = JSON.parse(uninstallHooks(P, installHooks(P, JSON.stringify(mixed), ours).text).text);
    expect(un.hooks.Stop).toEqual([{ matcher: 'x', hooks: [{ type: 'command', command: 'notify-send done' }] }]);
  });

  test('uninstall with nothing of ours changes nothing and keeps the exact bytes', () => {
    const text = '{ "hooks": {"Stop": [ ] } }';
    expect(uninstallHooks(P, text)).toEqual({ text, changed: false, removed: 0 });
    expect(uninstallHooks(P, null)).toEqual({ text: '', changed: false, removed: 0 });
  });

  test('an event list that only had ours disappears on uninstall; one that was already empty stays', () => {
    const text = installHooks(P, JSON.stringify({ hooks: { PreCompact: [] } }), ours).text;
    const un = JSON.parse(uninstallHooks(P, text).text);
    expect(un).toEqual({ hooks: { PreCompact: [] } });
  });

  test('similar but foreign commands are not ours', () => {
    const text = JSON.stringify({
      hooks: {
        Stop: [
          {
            hooks: [
              { type: 'command', command: 'my-codex-memory-backup hooks stop' },
              { type: 'command', command: 'codex-memoryx hook stop' },
              { type: 'prompt', command: 'codex-memory hook stop' },
            ],
          },
        ],
      },
    });
    expect(uninstallHooks(P, text).changed).toBe(false);
    expect(listOurHooks(P, text)).toEqual([]);
  });

  test.each([
    ['{"hooks": ', 'is not valid JSON'],
    ['[]', 'does not hold a JSON object'],
    ['{"hooks": []}', '"hooks" is not an object'],
    ['{"hooks": {"Stop": {}}}', '"hooks.Stop" is not a list'],
  ])('a file we cannot read safely is refused, not rewritten: %s', (text, why) => {
    expect(() => installHooks(P, text, ours)).toThrow(HooksConfigError);
    expect(() => uninstallHooks(P, text)).toThrow(why);
  });
});

describe('hook commands', () => {
  test('quote paths with spaces and quotes for sh, plainly otherwise', () => {
    expect(shellQuote('/usr/bin/node', 'linux')).toBe('/usr/bin/node');
    expect(shellQuote("/a b/it's", 'darwin')).toBe("'/a b/it'\\''s'");
    expect(shellQuote('C:\\Program Files\\node.exe', 'win32')).toBe('"C:\\Program Files\\node.exe"');
  });

  test.each([
    ['/home/marta/vault', 'linux'],
    ["/Users/marta/Marta's notes/vault", 'darwin'],
    ["/srv/it's 'quoted' twice", 'linux'],
    ['/srv/a --vault b', 'linux'],
    ['/tmp/$HOME `x` "y"', 'linux'],
    ['C:\\Users\\Marta "M" Ruiz\\vault', 'win32'],
  ])('the vault of a hook command is read back as it was written: %s', (vault, platform) => {
    const command = hookCommand({ node: '/usr/bin/node', script: '/opt/cm/cli.js', event: 'stop', vault, platform });
    expect(hookVault(command, platform)).toBe(vault);
  });

  test.each([['/usr/bin/node cli.js hook stop'], ["node cli.js hook stop --vault 'unterminated"], ['node cli.js hook stop --vault two words']])(
    'a command that does not end in a vault names none: %s',
    (command) => expect(hookVault(command, 'linux')).toBeNull(),
  );
});
