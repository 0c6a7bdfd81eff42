import { MailParser } from 'mailparser';
import type { AttachmentStream, MailParserOptions, MessageText } from 'mailparser';
import type { ParsedAttachment } from '../parsed-message.ts';
import { collectStream } from './attachment-collector.ts';
import { withoutNul } from './headers.ts';
import { MAX_HEADER_BYTES } from './mime-structure.ts';

/**
 * Runs mailparser's streaming MailParser over a message that passed the pre-scan, for what we
 * do not decode ourselves: the bodies (transfer encodings, charsets, format=flowed, HTML to
 * text) and the attachments, each read as a stream, hashed and collected once.
 *
 * Not simpleParser: it buffers every attachment on its own and then inlines `cid:` images into
 * the HTML as data: URLs, a second copy of every embedded image. MailParser only inlines when
 * updateImageLinks() is called, which we never do (skipImageLinks is set as well, in case).
 */

/** The decoded content of a message. */
export interface MimeContent {
  text: string | null;
  html: string | null;
  attachments: ParsedAttachment[];
  /** Text of the report parts (delivery status and the like), in message order. */
  reports: string[];
}

/** How to run mailparser over one message. */
export interface MimeContentOptions {
  /** Leave every embedded message/rfc822 as an attachment (delivery reports). */
  ignoreEmbedded: boolean;
  /** mailparser's own part limit, a backstop behind the pre-scan. */
  maxParts: number;
  /** Upper bounds of the decoded size of large parts by part id ('' for the top level). */
  sizeHints: Map<string, number>;
}

/**
 * Machine-readable report parts (RFC 3464 delivery status, RFC 6533 its UTF-8 form, RFC 8098
 * disposition notifications, RFC 5965 abuse feedback): kept as text for bounce handling rather
 * than as attachments.
 */
export const REPORT_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/feedback-report',
]);

/** HTML longer than this is not converted to text: html-to-text would spend seconds on it. */
export const MAX_HTML_TO_TEXT_CHARS = 4 * 1024 * 1024;

/** The raw message is written in slices this size, so the parser never copies it whole. */
const WRITE_SLICE_BYTES = 64 * 1024;

/** A Content-Disposition as `attachment`/`inline`; other values count as attachment (RFC 2183 section 2.8). */
function disposition(value: string | undefined): string | null {
  if (typeof value !== 'string' || !value) return null;
  return value.trim().toLowerCase() === 'inline' ? 'inline' : 'attachment';
}

/** Report text: US-ASCII in RFC 3464, UTF-8 in RFC 6533, line endings as mailparser gives text. */
function reportText(content: Buffer): string {
  return withoutNul(content.toString('utf8').replace(/\r\n?/g, '\n'));
}

/**
 * Parses `raw` with MailParser. Rejects with mailparser's error when it fails (an EMAXLEN code
 * for its size limits), after stopping the parser.
 */
export function readMimeContent(raw: Buffer, options: MimeContentOptions): Promise<MimeContent> {
  const parserOptions: MailParserOptions = {
    keepDeliveryStatus: true, // delivery status as a part of its own, not mixed into the text
    ignoreEmbedded: options.ignoreEmbedded,
    skipImageLinks: true,
    // The HTML mailparser would build from plain text is never used (we keep the HTML as
    // received), and building it costs about as much again as the rest of the parse.
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false, // we hash with sha256 while collecting
    maxHeadSize: MAX_HEADER_BYTES,
    maxChildNodes: options.maxParts,
    maxHtmlLengthToParse: MAX_HTML_TO_TEXT_CHARS,
  };
  const parser = new MailParser(parserOptions);
  return new Promise<MimeContent>((resolve, reject) => {
    let failed = false;
    const pending: Promise<void>[] = [];
    const slots: (ParsedAttachment | null)[] = [];
    const reports = new Map<number, string>();
    let text: MessageText | null = null;

    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      parser.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };

    const onAttachment = (attachment: AttachmentStream): void => {
      const index = slots.length;
      slots.push(null);
      // mailparser leaves the type `false` for an empty Content-Type value: unknown data then.
      const contentType = typeof attachment.contentType === 'string' && attachment.contentType ? withoutNul(attachment.contentType.toLowerCase()) : 'application/octet-stream';
      const hint = options.sizeHints.get(attachment.partId ?? '');
      pending.push(
        collectStream(attachment.content, hint).then((collected) => {
          if (REPORT_TYPES.has(contentType)) {
            reports.set(index, reportText(collected.content));
          } else {
            slots[index] = {
              sha256: collected.sha256,
              size: collected.size,
              contentType,
              filename: typeof attachment.filename === 'string' ? withoutNul(attachment.filename) : null,
              contentId: typeof attachment.cid === 'string' ? withoutNul(attachment.cid) : null,
              disposition: disposition(attachment.contentDisposition),
              content: collected.content,
            };
          }
          attachment.release?.();
        }, fail),
      );
    };

    parser.on('readable', () => {
      try {
        for (let data = parser.read(); data !== null; data = parser.read()) {
          if (data.type === 'attachment') onAttachment(data);
          else text = data;
        }
      } catch (err) {
        fail(err); // never an uncaught exception from inside a stream event
      }
    });
    // `on`, not `once`: mailparser may emit more than one error, and an unheard one would crash the process.
    parser.on('error', fail);
    parser.once('end', () => {
      Promise.all(pending).then(() => {
        if (failed) return;
        resolve({
          text: typeof text?.text === 'string' ? withoutNul(text.text) : null,
          html: text?.html ? withoutNul(text.html) : null,
          attachments: slots.filter((a): a is ParsedAttachment => a !== null),
          reports: [...reports.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]),
        });
      }, fail);
    });

    let offset = 0;
    const feed = (): void => {
      while (offset < raw.length && !failed) {
        const slice = raw.subarray(offset, offset + WRITE_SLICE_BYTES);
        offset += slice.length;
        if (!parser.write(slice)) {
          parser.once('drain', feed);
          return;
        }
      }
      if (!failed) parser.end();
    };
    feed();
  });
}
