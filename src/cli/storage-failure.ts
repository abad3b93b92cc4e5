// A disk that refuses a write part-way through a multi-note job (full, read-only, no permission). The store's
// own message ("…; nothing was changed") is true of the one file it names, but earlier notes of the same
// checkpoint may already be written; what the person needs to know is that no note is half-written and that
// running the same command again, once the disk takes writes, finishes the job (the journal remembers it).
import { StorageError } from '../core/vault/store';
import { CliError } from './command';

const REMEDY: Record<StorageError['code'], string> = {
  NO_SPACE: 'once there is free space',
  READ_ONLY: 'once the vault is writable',
  PERMISSION: 'once you can write to the vault',
  IO: 'once the disk works again',
};

/** The CliError for a StorageError raised while `command` was writing; other errors come back as they are. */
export function storageFailure(err: unknown, command: string): unknown {
  if (!(err instanceof StorageError)) return err;
  const what = err.message.replace(/; nothing was changed$/, '');
  return new CliError(
    `${what}. Every note is either as it was or fully written; ${REMEDY[err.code]}, run \`codex-memory ${command}\` again to finish.`,
  );
}
