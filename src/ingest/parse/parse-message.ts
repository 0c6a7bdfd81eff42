import type { ParseLimits, ParseOutcome, QuarantineReason } from '../parsed-message.ts';
import { normaliseHeaders } from './headers.ts';
import { textFromHtml } from './html-text.ts';
import { readMimeContent } from './mime-content.ts';
import { ignoresEmbeddedMessages, scanMimeStructure } from './mime-structure.ts';

/**
 * Parsing one stored message into a ParsedMessage, or the reason it is quarantined. The raw
 * bytes are stored either way (DESIGN 3.1): this only decides what later stages get to see.
 *
 * The checks run cheapest first, so hostile mail is refused before it costs anything:
 * 1. TOO_LARGE: more than `maxMessageBytes`, decided on the length alone.
 * 2. The MIME pre-scan (mime-structure.ts), one linear pass over the bytes:
 *    - UNPARSEABLE when there is no header section: empty input, lines before the first empty
 *      line that are not header fields, or not mostly (RFC 5322 section 2.2: text without
 *      headers, binary garbage, a file of NULs), or a header over 1 MiB. One stray line among
 *      real fields (a client's "---- Original message ----") is tolerated, and so is a stray NUL
 *      byte: NULs are removed from every string of the result (PostgreSQL text cannot hold them);
 *    - TOO_MANY_PARTS past `maxParts` MIME entities (containers and the top level counted);
 *    - TOO_DEEP past `maxMimeDepth` levels of nesting (a single-part message is depth 0).
 * 3. mailparser, for bodies and attachments. Anything it fails on is UNPARSEABLE, except its
 *    own part limit (a backstop of the pre-scan), which is TOO_MANY_PARTS.
 * Broken MIME that mailparser reads anyway (a missing closing boundary, a bad charset, broken
 * base64) is not quarantined: the message is parsed as well as it can be.
 */

function quarantine(code: QuarantineReason['code'], detail: string): ParseOutcome {
  return { ok: false, reason: { code, detail } };
}

/** The quarantine code for an error mailparser raised. */
function codeOf(err: unknown): QuarantineReason['code'] {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 'EMAXLEN' && /child nodes/i.test(String(e.message)) ? 'TOO_MANY_PARTS' : 'UNPARSEABLE';
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return `mailparser: ${message}`.slice(0, 500);
}

/**
 * Parses a raw RFC 5322 message. Never throws for bad mail: returns `{ ok: false, reason }`
 * with TOO_LARGE, TOO_DEEP, TOO_MANY_PARTS or UNPARSEABLE instead (see the module comment).
 */
export async function parseMessage(raw: Buffer, limits: ParseLimits): Promise<ParseOutcome> {
  if (raw.length > limits.maxMessageBytes) {
    return quarantine('TOO_LARGE', `${raw.length} bytes, over the limit of ${limits.maxMessageBytes}`);
  }
  let structure;
  try {
    structure = scanMimeStructure(raw, { maxDepth: limits.maxMimeDepth, maxParts: limits.maxParts });
  } catch (err) {
    return quarantine('UNPARSEABLE', `MIME structure: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!structure.ok) return quarantine(structure.code, structure.detail);

  let content;
  try {
    content = await readMimeContent(raw, {
      ignoreEmbedded: ignoresEmbeddedMessages(structure.contentType),
      maxParts: limits.maxParts,
      sizeHints: structure.sizeHints,
    });
    // HTML without a text alternative inside a multipart gets no text from mailparser.
    if (content.text === null && content.html !== null) content.text = await textFromHtml(content.html);
  } catch (err) {
    return quarantine(codeOf(err), describe(err));
  }
  try {
    return {
      ok: true,
      message: {
        ...normaliseHeaders(structure.header.fields),
        contentType: structure.contentType,
        text: content.text,
        html: content.html,
        attachments: content.attachments,
        deliveryStatus: content.reports.length > 0 ? content.reports.join('\n') : null,
      },
    };
  } catch (err) {
    return quarantine('UNPARSEABLE', `header fields: ${err instanceof Error ? err.message : String(err)}`);
  }
}
