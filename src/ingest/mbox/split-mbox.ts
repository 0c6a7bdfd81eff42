import { parseSeparatorLine, MAX_SEPARATOR_LENGTH } from './separator-line.ts';

/**
 * Streaming mbox splitter (RFC 4155 and its folk variants mboxo / mboxrd), holding at most one
 * message in memory however large the file.
 *
 * Rules, each pinned by a test in test/unit/sources/split-mbox.test.ts:
 *
 * - **Separators.** A line starting with `From ` is a separator when it is the first line of the
 *   file (whatever follows: the file was detected as an mbox by that line), or when it has the
 *   separator shape — `From`, a sender, a date (see separator-line.ts). A blank line before it is
 *   *not* required: many writers do not guarantee one, and every writer does write a date. A
 *   `From ` line that is not of that shape ("From what I can see, ...") is body text left
 *   unescaped by a careless mboxo writer, and stays in the message. Requiring the shape rather
 *   than the blank line means a sloppy writer splits nothing it should not, in both directions.
 * - **Unescaping.** Every line matching `>+From ` loses one `>` (the mboxrd rule). mboxo escaped
 *   `From ` to `>From ` but left genuine `>From ` lines alone, so the two cannot be told apart; the
 *   mboxrd rule is exact for mboxrd and for every escaped line of mboxo, and only wrong for an
 *   mboxo body line that really began with `>From ` (a quoted "From ..." line), which loses its
 *   `>`. Body `From ` lines that were not separators are kept as they are.
 * - **The blank line before a separator** belongs to the separator: when a message's last line is
 *   empty (`\n` or `\r\n`), that one line is removed, so `...body\n\nFrom ` gives `...body\n`.
 *   When the writer put no blank line there, nothing is removed (the message keeps its own final
 *   newline). The same rule applies at end of file; a final message without a trailing newline is
 *   returned as it is.
 * - **Line endings.** LF and CRLF (even mixed) are both recognised; bytes are never rewritten
 *   except for the one `>` of an escaped line.
 * - **Before the first separator.** Leading blank lines are ignored. Other text before the first
 *   `From ` line is not an mbox message, but it is not dropped either: it is returned as a message
 *   with a null date, so a caller storing everything stores it too.
 * - A separator followed directly by another separator yields an empty message (raw of length 0),
 *   so indexes keep matching the separators of the file.
 *
 * The input chunks are kept by reference (no copy per line) until their message is complete, so a
 * producer must not reuse a chunk's memory after handing it over (Node streams never do).
 */

/** One message cut out of an mbox file. */
export interface MboxMessage {
  /** The message bytes, unescaped, without the separator line nor the blank line before the next one. */
  raw: Buffer;
  /** The separator line's date; null when it has none that can be read (see separator-line.ts). */
  receivedAt: Date | null;
  /** 0-based position of the message in the file. */
  index: number;
}

/** Splits an mbox byte stream into messages, yielding each as soon as the next separator (or the end) is read. */
export async function* splitMbox(chunks: AsyncIterable<Buffer>): AsyncGenerator<MboxMessage> {
  const splitter = new MboxSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_SPACE = Buffer.from('From ', 'latin1');

/**
 * The synchronous state machine behind splitMbox: feed it chunks, get the messages they complete.
 * Exposed for callers that already hold the bytes (and for tests); splitMbox is the usual door.
 */
export class MboxSplitter {
  /** Pieces of the line that the last chunk left unfinished. */
  private partial: Buffer[] = [];
  /** The current message as views into the input; adjacent views are merged (see append). */
  private pieces: Buffer[] = [];
  private started = false;
  private receivedAt: Date | null = null;
  /** Length of the current message's last line when that line is blank (1 or 2), else 0. */
  private trailingBlank = 0;
  private nextIndex = 0;
  private ended = false;

  /** Takes the next chunk of the file; returns the messages it completed, in order. */
  push(chunk: Buffer): MboxMessage[] {
    if (this.ended) throw new Error('MboxSplitter: push after end');
    const out: MboxMessage[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(LF, pos);
      if (nl === -1) {
        this.partial.push(chunk.subarray(pos));
        break;
      }
      let line = chunk.subarray(pos, nl + 1);
      if (this.partial.length > 0) {
        line = Buffer.concat([...this.partial, line]);
        this.partial = [];
      }
      this.line(line, out);
      pos = nl + 1;
    }
    return out;
  }

  /** Signals the end of the file; returns the last message (and a final line without newline). */
  end(): MboxMessage[] {
    if (this.ended) return [];
    this.ended = true;
    const out: MboxMessage[] = [];
    if (this.partial.length > 0) {
      this.line(Buffer.concat(this.partial), out);
      this.partial = [];
    }
    this.finish(out);
    return out;
  }

  private line(line: Buffer, out: MboxMessage[]): void {
    const eol = lineEndingLength(line);
    if (startsWithAt(line, 0, FROM_SPACE)) {
      const separator = line.length - eol <= MAX_SEPARATOR_LENGTH ? parseSeparatorLine(line.toString('latin1', 0, line.length - eol)) : null;
      if (separator || !this.started) {
        this.finish(out);
        this.start(separator?.receivedAt ?? null);
        return;
      }
    }
    if (!this.started) {
      if (eol === line.length) return; // blank line before the first separator
      this.start(null);
    }
    // mboxrd unescaping: `>>From ` -> `>From `, `>From ` -> `From `.
    let gts = 0;
    while (gts < line.length && line[gts] === GT) gts++;
    const body = gts > 0 && startsWithAt(line, gts, FROM_SPACE) ? line.subarray(1) : line;
    this.append(body);
    this.trailingBlank = eol === line.length ? eol : 0;
  }

  private start(receivedAt: Date | null): void {
    this.started = true;
    this.receivedAt = receivedAt;
    this.pieces = [];
    this.trailingBlank = 0;
  }

  private finish(out: MboxMessage[]): void {
    if (!this.started) return;
    const whole = Buffer.concat(this.pieces);
    const raw = whole.subarray(0, whole.length - this.trailingBlank);
    out.push({ raw, receivedAt: this.receivedAt, index: this.nextIndex++ });
    this.started = false;
    this.pieces = [];
  }

  /**
   * Appends a line, merging it with the previous piece when both are consecutive bytes of the same
   * memory: a message then costs a handful of views per input chunk rather than one per line.
   */
  private append(line: Buffer): void {
    const last = this.pieces.at(-1);
    if (last && last.buffer === line.buffer && last.byteOffset + last.length === line.byteOffset) {
      this.pieces[this.pieces.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + line.length);
    } else {
      this.pieces.push(line);
    }
  }
}

/** 2 for a line ending in CRLF, 1 for LF, 0 for a final line without newline. */
function lineEndingLength(line: Buffer): number {
  if (line.length === 0 || line[line.length - 1] !== LF) return 0;
  return line.length >= 2 && line[line.length - 2] === CR ? 2 : 1;
}

function startsWithAt(buf: Buffer, at: number, prefix: Buffer): boolean {
  return buf.length - at >= prefix.length && buf.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}
