// Streaming reader for Codex rollout files, every generation:
//   pre-envelope (mid-2025): a bare {id, timestamp, git} header, then bare response items and {record_type} lines;
//   envelope: {timestamp, type, payload} lines (session_meta, response_item, event_msg, turn_context, compacted);
//   paginated: the same envelope with an `ordinal`, item_completed events, world_state and token_usage_record.
// Feed it one line at a time; it keeps only what the Thread needs (texts are redacted and bounded on the way in).
// The work is split in rollout/: detect.ts picks each line's normaliser (normalize-*.ts, one per generation),
// which turns it into events (events.ts) for the one ThreadBuilder. This file counts lines and parses JSON.
import { DEFAULT_LIMITS, type TextLimits } from './bounded-text';
import { normalizeLine } from './rollout/detect';
import { decodeUtf8 } from './rollout/bytes';
import { UNREAD_MIN_BYTES, unreadItemCompleted, unreadItemCompletedBytes } from './rollout/normalize-paginated';
import type { RolloutEvent } from './rollout/events';
import { obj, type Json } from './rollout/json';
import { LONG_LINE_BYTES, parseLongStringLine } from './rollout/long-string';
import { ThreadBuilder } from './rollout/thread-builder';
import type { Thread } from './thread';

/** Enough bytes of a line to hold its first 512 characters. */
const HEAD_BYTES = 2048;

export class NotARolloutError extends Error {
  readonly code = 'NOT_A_ROLLOUT';
  constructor(
    readonly path: string | undefined,
    detail: string,
  ) {
    super(`${path ? `${path} is` : 'This is'} not a Codex session file (${detail})`);
    this.name = 'NotARolloutError';
  }
}

export interface ParseOptions {
  path?: string;
  container?: Thread['container'];
  /** Used when the file carries no id of its own (the id in a rollout's file name). */
  fallbackId?: string;
  limits?: Partial<TextLimits>;
}

export class RolloutParser {
  private readonly builder: ThreadBuilder;
  private sawAnyObject = false;
  private nonempty = 0;
  private valid = 0;
  private lastLineTruncated = false;

  constructor(private readonly opts: ParseOptions = {}) {
    this.builder = new ThreadBuilder({ ...DEFAULT_LIMITS, ...opts.limits });
  }

  /**
   * One complete line as bytes[start, end) of UTF-8 (without its newline). The same as push() of its text,
   * but big lines whose content is not read are recognised on their bytes and never decoded.
   */
  pushBytes(bytes: Uint8Array, start: number, end: number): void {
    if (end - start >= UNREAD_MIN_BYTES) {
      // 2 KB decode to at least 512 characters, all the head checks look at.
      const head = decodeUtf8(bytes, start, Math.min(end, start + HEAD_BYTES));
      const unread = unreadItemCompletedBytes(bytes, start, end, head);
      if (unread) return this.pushUnread(unread);
      const value = end - start >= LONG_LINE_BYTES ? parseLongStringLine(bytes, start, end, head) : null;
      if (value) {
        this.nonempty++;
        this.valid++;
        return this.pushObject(value);
      }
    }
    this.push(decodeUtf8(bytes, start, end));
  }

  /** One complete line (without its newline). */
  push(line: string): void {
    if (!line.trim()) return;
    // Big lines that carry nothing the Thread keeps are recognised by their head, not parsed.
    const unread = unreadItemCompleted(line);
    if (unread) return this.pushUnread(unread);
    this.nonempty++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    this.valid++;
    const o = obj(value);
    if (o) this.pushObject(o);
  }

  private pushObject(o: Json): void {
    this.sawAnyObject = true;
    for (const ev of normalizeLine(o, !this.builder.recognized)) this.builder.apply(ev);
  }

  /** A line read by its head alone: valid, an object, these events. */
  private pushUnread(events: RolloutEvent[]): void {
    this.nonempty++;
    this.valid++;
    this.sawAnyObject = true;
    for (const ev of events) this.builder.apply(ev);
  }

  /** True once a real user prompt has been seen (the session list stops reading a head there). */
  hasPrompt(): boolean {
    return this.builder.hasPrompt();
  }

  /**
   * Ends the stream. `trailing` is whatever followed the last newline: a final line without one, which is
   * normal for a file still being written and counts as truncated when it does not parse.
   */
  finish(trailing = ''): Thread {
    if (trailing.trim()) {
      const before = this.valid;
      this.push(trailing);
      this.lastLineTruncated = this.valid === before;
    }
    if (!this.builder.recognized) {
      const detail = this.nonempty === 0 ? 'it is empty' : this.sawAnyObject ? 'no session lines in it' : 'no JSON lines in it';
      throw new NotARolloutError(this.opts.path, detail);
    }
    const id = this.builder.id ?? this.opts.fallbackId;
    if (!id) throw new NotARolloutError(this.opts.path, 'it has no session id');
    return this.builder.build({
      id,
      path: this.opts.path ?? '',
      container: this.opts.container ?? 'jsonl',
      parse: {
        nonemptyLines: this.nonempty,
        validJsonLines: this.valid,
        invalidLines: this.nonempty - this.valid,
        lastLineTruncated: this.lastLineTruncated,
      },
    });
  }
}
