// Typed errors of the note model. A note that cannot be read is reported with its file and line and left
// exactly as it was; an edit that cannot be made safely is refused rather than guessed.

/** Path named in errors when an edit is called without one. */
export const UNNAMED_NOTE = '(note)';

/** The note's frontmatter could not be read; nothing was changed. */
export class NoteParseError extends Error {
  readonly code = 'NOTE_PARSE';
  constructor(
    readonly path: string,
    readonly line: number,
    readonly reason: string,
    readonly column?: number,
  ) {
    super(`${path}:${line}: ${reason}`);
    this.name = 'NoteParseError';
  }
}

/** A requested edit cannot be made without touching text the program does not own. */
export class NoteEditError extends Error {
  readonly code = 'NOTE_EDIT';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NoteEditError';
  }
}
