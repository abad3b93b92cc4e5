// Session metadata into a meta event. The envelope's session_meta payload and the pre-envelope header line
// use the same field names, so both generations share this reader.
import type { RolloutEvent } from './events';
import { obj, str, type Json } from './json';

export function metaEvent(p: Json): Extract<RolloutEvent, { kind: 'meta' }> {
  const ev: Extract<RolloutEvent, { kind: 'meta' }> = {
    kind: 'meta',
    id: str(p.id) ?? str(p.session_id),
    startedAt: str(p.timestamp),
    cwd: str(p.cwd),
    originator: str(p.originator),
    cliVersion: str(p.cli_version),
    historyMode: str(p.history_mode),
  };
  const git = obj(p.git);
  // Field names changed between builds (commit_hash/sha, repository_url/origin_url).
  if (git) ev.git = { branch: str(git.branch), commit: str(git.commit_hash ?? git.sha), remote: str(git.repository_url ?? git.origin_url) };
  return ev;
}
