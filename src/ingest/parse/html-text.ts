import { MailParser } from 'mailparser';
import type { MessageText } from 'mailparser';
import { MAX_HTML_TO_TEXT_CHARS } from './mime-content.ts';

/**
 * Text for mail whose only body is HTML inside a multipart (HTML plus its images in
 * multipart/related, HTML plus a PDF in multipart/mixed). mailparser converts HTML to text when
 * the HTML is the whole message, but not there, and later stages (classification, repeat
 * detection) need text either way.
 *
 * The conversion goes through mailparser itself, as the body of a one-part text/html message: the
 * same converter (html-to-text) with the same guards (length, nesting depth) as for HTML-only
 * mail, and no dependency of our own on html-to-text.
 */
export function textFromHtml(html: string): Promise<string | null> {
  if (html.length > MAX_HTML_TO_TEXT_CHARS) return Promise.resolve(null);
  return new Promise((resolve) => {
    const parser = new MailParser({ maxHtmlLengthToParse: MAX_HTML_TO_TEXT_CHARS, skipTextToHtml: true, skipImageLinks: true });
    let text: string | null = null;
    parser.on('data', (data: { type: string }) => {
      if (data.type === 'text') text = (data as MessageText).text ?? null;
    });
    parser.on('error', () => resolve(null));
    parser.once('end', () => resolve(text));
    parser.end(Buffer.concat([Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n'), Buffer.from(html, 'utf8')]));
  });
}
