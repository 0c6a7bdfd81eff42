import { encodedWords, encodeText, headerField, transferEncode, type TransferEncoding } from './mime-encoding.ts';
import type { Charset } from './types.ts';

/**
 * MIME entities and their assembly into a message: text parts, attachments, multiparts
 * (RFC 2046). A part is its folded header fields and its already-encoded body.
 */

export interface MimePart {
  headers: string[];
  body: Buffer;
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface TextPartOptions {
  subtype: 'plain' | 'html';
  /** Lines ending in '\n'. */
  text: string;
  charset: Charset;
  /** The charset as the client labels it. */
  label: string;
  transfer: TransferEncoding;
}

export function textPart(o: TextPartOptions): MimePart {
  const text = o.text.endsWith('\n') ? o.text : `${o.text}\n`;
  return {
    headers: [headerField('Content-Type', `text/${o.subtype}; charset="${o.label}"`), headerField('Content-Transfer-Encoding', o.transfer)],
    body: transferEncode(encodeText(text, o.charset), o.transfer),
  };
}

/** RFC 2231 `filename*` value for a non-ASCII name. */
function rfc2231(name: string): string {
  return `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())}`;
}

/** An attachment in base64; a non-ASCII filename the way Gmail and Apple Mail write it. */
export function attachmentPart(a: Attachment): MimePart {
  // eslint-disable-next-line no-control-regex -- the test is for characters outside ASCII
  const ascii = !/[^\x00-\x7f]/.test(a.filename);
  const name = ascii ? `"${a.filename}"` : `"${encodedWords(a.filename, 'utf-8', 'UTF-8', 'Q').join(' ')}"`;
  const disposition = ascii ? `attachment; filename="${a.filename}"` : `attachment; filename*=${rfc2231(a.filename)}`;
  return {
    headers: [
      headerField('Content-Type', `${a.contentType}; name=${name}`),
      headerField('Content-Disposition', disposition),
      'Content-Transfer-Encoding: base64',
    ],
    body: transferEncode(a.content, 'base64'),
  };
}

/** A raw part (report parts, embedded headers) with its own header fields and body text. */
export function rawPart(headers: string[], body: string, charset: Charset = 'utf-8'): MimePart {
  return { headers, body: encodeText(body.endsWith('\n') ? body : `${body}\n`, charset) };
}

export function multipart(subtype: string, boundary: string, parts: MimePart[], extraParams = ''): MimePart {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`, 'ascii'), serialise(part));
    if (!part.body.subarray(-2).equals(Buffer.from('\r\n'))) chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'ascii'));
  return {
    headers: [headerField('Content-Type', `multipart/${subtype}; boundary="${boundary}"${extraParams}`)],
    body: Buffer.concat(chunks),
  };
}

/** A part as bytes: its fields, an empty line, its body. */
export function serialise(part: MimePart): Buffer {
  return Buffer.concat([Buffer.from(part.headers.join('\r\n') + '\r\n\r\n', 'latin1'), part.body]);
}

/** A whole message: the top-level fields, then the body part's own fields, then its body. */
export function assembleMessage(headers: string[], body: MimePart): Buffer {
  return serialise({ headers: [...headers, 'MIME-Version: 1.0', ...body.headers], body: body.body });
}
