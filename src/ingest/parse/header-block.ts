/**
 * Reading a header section (RFC 5322 section 2.2, and the same syntax for the header of every MIME
 * part, RFC 2045 section 3) straight from the raw bytes, without decoding anything. Both the
 * structure pre-scan and the header normalisation work from these fields, so what Guichet checks
 * and what it records come from one reading of the message.
 */

/** One header field as found: the name lower-cased, the value unfolded but still undecoded. */
export interface RawHeaderField {
  /** Field name, lower-cased (field names are case-insensitive, RFC 5322 section 1.2.2). */
  name: string;
  /**
   * The value after the colon, unfolded (every line break before whitespace removed, RFC 5322
   * section 2.2.3), one JS character per byte (latin1): lossless, so 8-bit bytes can be decoded
   * later according to what they turn out to be.
   */
  value: string;
}

/** The header section at the start of a message or of a MIME part. */
export interface HeaderBlock {
  fields: RawHeaderField[];
  /** Offset of the first body byte: just past the empty line that ends the section. */
  bodyStart: number;
  /** Whether an empty line ended the section; false when the input is all header. */
  terminated: boolean;
  /** Whether the section opened with an mbox `From ` separator line (kept by some exports). */
  mboxFromLine: boolean;
  /** Lines that start a well-formed header field. */
  fieldLines: number;
  /** Lines that are neither a field nor a continuation (junk a broken client left in the header). */
  junkLines: number;
  /** Whether the section ran past `maxBytes` before its end; fields are then incomplete. */
  tooLarge: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;
const COLON = 0x3a;

/** End of the line that starts at `pos`: the offset of its LF, or `buf.length` for an unterminated last line. */
export function lineEndAt(buf: Buffer, pos: number): number {
  const lf = buf.indexOf(LF, pos);
  return lf < 0 ? buf.length : lf;
}

/** Offset of the first byte after the line content, dropping one CR before the LF (CRLF or bare LF mail). */
export function contentEnd(buf: Buffer, lineStart: number, lfAt: number): number {
  return lfAt > lineStart && buf[lfAt - 1] === CR ? lfAt - 1 : lfAt;
}

/**
 * Length of the field name at `start` when the line is a header field, else -1. A field name is
 * printable US-ASCII other than the colon (RFC 5322 section 3.6.8); whitespace between the name
 * and the colon is the obsolete syntax of section 4.5 and still accepted, as every parser does.
 */
export function fieldNameLength(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = buf[i] as number;
    if (c === COLON) break;
    if (c < 33 || c > 126) break;
    i++;
  }
  const nameEnd = i;
  if (nameEnd === start) return -1;
  while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
  return i < end && buf[i] === COLON ? nameEnd - start : -1;
}

/**
 * Splits the header lines in `buf[start, end)` into fields. Continuation lines (starting with
 * whitespace) are unfolded into the field before them; lines that are neither a field nor a
 * continuation are skipped, as the MIME parser skips them.
 */
export function parseHeaderFields(buf: Buffer, start: number, end: number): RawHeaderField[] {
  const fields: RawHeaderField[] = [];
  let name: string | null = null;
  let parts: string[] = [];
  let pos = start;
  while (pos < end) {
    const lf = Math.min(lineEndAt(buf, pos), end);
    const stop = contentEnd(buf, pos, lf);
    const first = buf[pos];
    if ((first === SP || first === HTAB) && name !== null) {
      parts.push(buf.toString('latin1', pos, stop));
    } else {
      if (name !== null) fields.push({ name, value: parts.join('') });
      name = null;
      const nameLength = fieldNameLength(buf, pos, stop);
      if (nameLength > 0) {
        const colon = buf.indexOf(COLON, pos + nameLength);
        name = buf.toString('latin1', pos, pos + nameLength).toLowerCase();
        parts = [buf.toString('latin1', colon + 1, stop)];
      }
    }
    pos = lf + 1;
  }
  if (name !== null) fields.push({ name, value: parts.join('') });
  return fields;
}

/**
 * Reads the header section that starts at `start`: up to and including the first empty line
 * (RFC 5322 section 2.1), or the end of the input. Stops early, with `tooLarge`, past `maxBytes`.
 */
export function readHeaderBlock(buf: Buffer, start = 0, maxBytes = Number.POSITIVE_INFINITY): HeaderBlock {
  let pos = start;
  let mboxFromLine = false;
  // An mbox export may leave its "From sender date" separator in front of the header (RFC 4155).
  // ("From : x" is a field with the obsolete space before its colon, not a separator.)
  if (buf.length - pos >= 5 && buf.toString('latin1', pos, pos + 5) === 'From ' && fieldNameLength(buf, pos, lineEndAt(buf, pos)) < 0) {
    mboxFromLine = true;
    pos = lineEndAt(buf, pos) + 1;
  }
  const fieldsStart = pos;
  let fieldLines = 0;
  let junkLines = 0;
  let previousIsHeader = false;
  let terminated = false;
  let tooLarge = false;
  let fieldsEnd = buf.length;
  let bodyStart = buf.length;
  while (pos < buf.length) {
    const lf = lineEndAt(buf, pos);
    const stop = contentEnd(buf, pos, lf);
    if (stop === pos) {
      terminated = true;
      fieldsEnd = pos;
      bodyStart = Math.min(lf + 1, buf.length);
      break;
    }
    const first = buf[pos];
    if ((first === SP || first === HTAB) && previousIsHeader) {
      // a continuation line
    } else if (fieldNameLength(buf, pos, stop) > 0) {
      fieldLines++;
      previousIsHeader = true;
    } else {
      junkLines++;
      previousIsHeader = false;
    }
    if (lf + 1 - start > maxBytes) {
      tooLarge = true;
      fieldsEnd = pos;
      bodyStart = pos;
      break;
    }
    pos = lf + 1;
  }
  return {
    fields: parseHeaderFields(buf, fieldsStart, fieldsEnd),
    bodyStart,
    terminated,
    mboxFromLine,
    fieldLines,
    junkLines,
    tooLarge,
  };
}
