import libmime from 'libmime';
import { contentEnd, lineEndAt, parseHeaderFields, readHeaderBlock } from './header-block.ts';
import type { HeaderBlock, RawHeaderField } from './header-block.ts';

/**
 * A cheap pre-scan of the MIME structure (RFC 2045/2046), run over the raw bytes before the
 * message reaches mailparser, so that a hostile message (10,000 parts, parts nested 10,000 deep)
 * is turned away after one linear pass that stops at the first limit crossed.
 *
 * The walk mirrors the splitter inside mailparser (@zone-eu/mailsplit) so both see the same
 * tree: a part is a container when its first Content-Type has a `boundary` parameter; a
 * delimiter line of any still-open ancestor ends the parts below it (RFC 2046 section 5.1.1 says
 * the inner multipart should have been closed first, real mail does not always do that); a
 * closed multipart's boundary no longer counts (its epilogue is plain text); an embedded
 * `message/rfc822` is walked into only where mailparser parses it (identity transfer encoding
 * and an `inline` disposition, never inside a `multipart/report`).
 */

/** The limits the pre-scan enforces (see ParseLimits). */
export interface MimeLimits {
  maxDepth: number;
  maxParts: number;
}

/** What the pre-scan found when the message is within the limits. */
export interface MimeStructure {
  ok: true;
  /** The top-level header section. */
  header: HeaderBlock;
  /** Top-level media type, lower-cased, without parameters; null when there is no Content-Type. */
  contentType: string | null;
  /** Every MIME entity counted, the top-level one and containers included. */
  parts: number;
  /** Nesting depth: 0 for a single-part message, 1 for parts of a top-level multipart, and so on. */
  depth: number;
  /**
   * Upper bounds of the decoded size of large leaf parts, keyed by mailparser's `partId` ('' for
   * the top-level part): a capacity hint so big attachments are collected without a second copy.
   */
  sizeHints: Map<string, number>;
}

/** Why the pre-scan refused the message. */
export interface MimeRefusal {
  ok: false;
  code: 'TOO_DEEP' | 'TOO_MANY_PARTS' | 'UNPARSEABLE';
  detail: string;
}

/** The largest header section of one part, as mailparser's own default (`maxHeadSize`, 1 MiB). */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** Leaf parts smaller than this get no size hint: collecting them in chunks costs little. */
const SIZE_HINT_MIN_BYTES = 64 * 1024;

/** Identity transfer encodings (RFC 2045 section 6.1): only these can hold an embedded message's lines. */
const IDENTITY_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

/**
 * Whether mailparser should leave every embedded message unparsed. A delivery report
 * (RFC 6522 `multipart/report`) returns the original message as its third part: it stays one
 * attachment, whatever its disposition, instead of having its text merged into the report's.
 */
export function ignoresEmbeddedMessages(topContentType: string | null): boolean {
  return topContentType === 'multipart/report';
}

interface Container {
  boundary: Buffer;
  depth: number;
  partNr: number[];
  children: number;
}

interface Leaf {
  partId: string;
  base64: boolean;
  bytes: number;
  /** Bytes other than CR and LF: base64 decodes 4 of these into 3 bytes (RFC 2045 section 6.8). */
  dataBytes: number;
}

interface Entity {
  depth: number;
  partNr: number[];
  /** mailparser gives a part id only to parts under a multipart, see MailParser.processChunk. */
  numbered: boolean;
}

function first(fields: RawHeaderField[], name: string): string | null {
  for (const f of fields) if (f.name === name) return f.value;
  return null;
}

function stripComments(value: string): string {
  return value.replace(/\([^()]*\)/g, ' ');
}

/** 1 for a delimiter line `--boundary`, 2 for the close delimiter `--boundary--`, 0 otherwise (RFC 2046 section 5.1.1). */
export function delimiterKind(buf: Buffer, start: number, end: number, boundary: Buffer): 0 | 1 | 2 {
  let stop = end;
  while (stop > start && buf[stop - 1] === 0x0d) stop--; // CR runs left by double CRLF conversion
  if (stop - start < boundary.length + 2 || buf[start] !== 0x2d || buf[start + 1] !== 0x2d) return 0;
  if (buf.compare(boundary, 0, boundary.length, start + 2, start + 2 + boundary.length) !== 0) return 0;
  let i = start + 2 + boundary.length;
  let kind: 1 | 2 = 1;
  if (buf[i] === 0x2d && buf[i + 1] === 0x2d) {
    kind = 2;
    i += 2;
  }
  while (i < stop && (buf[i] === 0x20 || buf[i] === 0x09)) i++; // transport padding
  return i === stop ? kind : 0;
}

/**
 * Walks the MIME structure of `raw` and stops at the first limit crossed. Refuses as
 * UNPARSEABLE a message without a header section: empty input, header lines that are mostly
 * not header fields (or none at all: text, binary, NULs), or a part header over MAX_HEADER_BYTES.
 */
export function scanMimeStructure(raw: Buffer, limits: MimeLimits): MimeStructure | MimeRefusal {
  if (raw.length === 0) return { ok: false, code: 'UNPARSEABLE', detail: 'empty message' };
  const header = readHeaderBlock(raw, 0, MAX_HEADER_BYTES);
  if (header.tooLarge) return { ok: false, code: 'UNPARSEABLE', detail: `header section over ${MAX_HEADER_BYTES} bytes` };
  // A header section is header fields (RFC 5322 section 2.2). A stray line left by a client is
  // tolerated, as mailparser tolerates it; text, binary or NULs where the header should be are not.
  if (header.fieldLines === 0 || header.junkLines >= header.fieldLines) {
    return { ok: false, code: 'UNPARSEABLE', detail: 'no header section: its lines are not header fields (RFC 5322 section 2.2)' };
  }
  const topType = contentTypeOf(header.fields);
  const walk = new Walk(raw, limits, ignoresEmbeddedMessages(topType?.value ?? null));
  const refusal = walk.run(header);
  if (refusal) return refusal;
  return { ok: true, header, contentType: topType ? topType.value || null : null, parts: walk.parts, depth: walk.depth, sizeHints: walk.sizeHints };
}

/** The state of one pre-scan: open multiparts, the part whose header or body is being read. */
class Walk {
  readonly raw: Buffer;
  readonly limits: MimeLimits;
  readonly ignoreEmbedded: boolean;
  readonly stack: Container[] = [];
  readonly sizeHints = new Map<string, number>();
  parts = 1;
  depth = 0;
  leaf: Leaf | null = null;
  /** The entity whose header is being read, and where that header starts. */
  pending: Entity | null = null;
  headStart = 0;

  constructor(raw: Buffer, limits: MimeLimits, ignoreEmbedded: boolean) {
    this.raw = raw;
    this.limits = limits;
    this.ignoreEmbedded = ignoreEmbedded;
  }

  run(header: HeaderBlock): MimeRefusal | null {
    const raw = this.raw;
    const refused = this.enter({ depth: 0, partNr: [], numbered: false }, header.fields, header.bodyStart);
    if (refused) return refused;
    let pos = header.bodyStart;
    while (pos < raw.length) {
      const lf = lineEndAt(raw, pos);
      const stop = contentEnd(raw, pos, lf);
      const next = lf + 1;
      if (this.stack.length > 0 && raw[pos] === 0x2d && raw[pos + 1] === 0x2d) {
        const delimiter = this.matchDelimiter(pos, stop);
        if (delimiter) {
          const refusedPart = this.onDelimiter(delimiter.owner, delimiter.kind, next);
          if (refusedPart) return refusedPart;
          pos = next;
          continue;
        }
      }
      if (this.pending) {
        if (stop === pos) {
          const entity = this.pending;
          this.pending = null;
          const refusedEntity = this.enter(entity, parseHeaderFields(raw, this.headStart, pos), next);
          if (refusedEntity) return refusedEntity;
        } else if (next - this.headStart > MAX_HEADER_BYTES) {
          return { ok: false, code: 'UNPARSEABLE', detail: `MIME part header over ${MAX_HEADER_BYTES} bytes` };
        }
      } else if (this.leaf) {
        this.leaf.bytes += Math.min(next, raw.length) - pos;
        this.leaf.dataBytes += stop - pos;
      }
      pos = next;
    }
    this.endLeaf();
    return null;
  }

  /** The innermost open multipart whose delimiter the line is, searching outwards. */
  matchDelimiter(start: number, stop: number): { owner: number; kind: 1 | 2 } | null {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const kind = delimiterKind(this.raw, start, stop, (this.stack[k] as Container).boundary);
      if (kind) return { owner: k, kind };
    }
    return null;
  }

  onDelimiter(ownerIndex: number, kind: 1 | 2, next: number): MimeRefusal | null {
    this.endLeaf();
    this.pending = null;
    const owner = this.stack[ownerIndex] as Container;
    // Multiparts opened inside the owner and never closed end here too.
    this.stack.length = ownerIndex + 1;
    if (kind === 2) {
      this.stack.pop(); // what follows is the owner's epilogue: body text of its parent
      return null;
    }
    owner.children++;
    return this.open({ depth: owner.depth + 1, partNr: [...owner.partNr, owner.children], numbered: true }, next);
  }

  /** Counts a new entity whose header starts at `headStart`; refuses it when it crosses a limit. */
  open(entity: Entity, headStart: number): MimeRefusal | null {
    this.parts++;
    this.depth = Math.max(this.depth, entity.depth);
    if (this.parts > this.limits.maxParts) return { ok: false, code: 'TOO_MANY_PARTS', detail: `more than ${this.limits.maxParts} MIME parts` };
    if (entity.depth > this.limits.maxDepth) {
      return { ok: false, code: 'TOO_DEEP', detail: `MIME parts nested deeper than ${this.limits.maxDepth} levels` };
    }
    this.pending = entity;
    this.headStart = headStart;
    return null;
  }

  /** The header of `entity` is read: it is a multipart, an embedded message or a leaf whose body starts at `bodyStart`. */
  enter(entity: Entity, fields: RawHeaderField[], bodyStart: number): MimeRefusal | null {
    const type = contentTypeOf(fields);
    const encoding = stripComments(first(fields, 'content-transfer-encoding') ?? '').trim().toLowerCase();
    const boundary = (type?.params['boundary'] ?? '').trimEnd();
    if (boundary && /^[\x20-\x7e]+$/.test(boundary)) {
      this.stack.push({ boundary: Buffer.from(boundary, 'latin1'), depth: entity.depth, partNr: entity.partNr, children: 0 });
      return null;
    }
    const disposition = libmime.parseHeaderValue(first(fields, 'content-disposition') ?? '', { stripComments: true }).value.trim().toLowerCase();
    if (type?.value === 'message/rfc822' && !this.ignoreEmbedded && IDENTITY_ENCODINGS.has(encoding) && disposition === 'inline') {
      // The body is a whole message (RFC 2046 section 5.2.1): its header starts right away.
      return this.open({ depth: entity.depth + 1, partNr: entity.partNr, numbered: entity.numbered }, bodyStart);
    }
    this.leaf = { partId: entity.numbered ? entity.partNr.join('.') : '', base64: encoding === 'base64', bytes: 0, dataBytes: 0 };
    return null;
  }

  endLeaf(): void {
    if (!this.leaf) return;
    const bound = this.leaf.base64 ? Math.floor((this.leaf.dataBytes * 3) / 4) : this.leaf.bytes;
    if (bound >= SIZE_HINT_MIN_BYTES) this.sizeHints.set(this.leaf.partId, bound);
    this.leaf = null;
  }
}

function contentTypeOf(fields: RawHeaderField[]): { value: string; params: Record<string, string> } | null {
  const raw = first(fields, 'content-type');
  if (raw === null) return null;
  const parsed = libmime.parseHeaderValue(raw, { stripComments: true });
  return { value: parsed.value.trim().toLowerCase(), params: parsed.params };
}
