/**
 * The part of a mail the customer wrote in this message, without the quoted previous messages
 * and without the signature: what repeat detection compares (DESIGN 3.2, step 3).
 *
 * Hand-written on top of ./quote-header.ts and ./signature.ts rather than taken from
 * email-reply-parser or planer (DESIGN 4.1); both were measured on the shared reply corpora
 * with the loader and judge of test/corpus/reply-text-corpora.test.ts. Exact matches on discourse /
 * talon / willdurand / github: email-reply-parser 32/30/37/6, planer 29/48/13/4, this module
 * 54/48/44/10. Neither handles the French Outlook reply whose quoted copy is not marked with ">"
 * and whose "De :" line has no address, nor the French webmail forms; planer strips no signature;
 * email-reply-parser took 7 minutes on the corpus's 766 KB message. This module is linear in the
 * length of the text.
 */
import { foldedAt, quoteHeaderAt } from './quote-header.ts';
import { isDeviceFooter, stripSignature } from './signature.ts';

// A quoted line: ">" (any depth, any spacing) as mail clients write plain-text quotes.
const QUOTED = /^\s*>/;
// Only the start of a very long text is examined: what the customer wrote is at the top (or under
// a first quote), and past this the text is quoted history or pasted logs. It bounds the work per
// mail (the worker accepts text parts of many megabytes) to a few tens of milliseconds.
const MAX_TEXT_CHARS = 256 * 1024;

/**
 * What the customer wrote in this message: quoted replies removed (">" lines anywhere; an
 * attribution such as "Le lun. 3 nov. 2026 à 10:00, X a écrit :" or "On …, X wrote:" together
 * with the quote under it; "-----Original Message-----", "-----Message d'origine-----", forward
 * markers and Outlook/webmail header blocks with the unquoted copy under them), then the trailing
 * signature (see {@link stripSignature}). A marker at the very top, with nothing written above it
 * (a bottom-posted reply, a forward without comment), is dropped and the text under it kept: that
 * text is then the only thing the customer sent. Returns `''` for `null` or nothing new.
 */
export function extractNewText(text: string | null): string {
  if (text === null || text === '') return '';
  const head = text.slice(0, MAX_TEXT_CHARS);
  const lines = (head.includes('\r') ? head.replace(/\r\n?/g, '\n') : head)
    // Non-breaking spaces and tabs are spaces here; invisible joiners are nothing.
    .replace(/[\u00A0\u202F\t]/g, ' ')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .split('\n');
  const kept: string[] = [];
  let wroteSomething = false;
  // Set when lines were dropped since the last kept line, so that the blank lines on both sides
  // of a removed quote do not pile up.
  let dropped = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (QUOTED.test(line) || isWrappedQuoteLine(lines, i)) {
      dropped = true;
      i++;
      continue;
    }
    // Phones put their footer under the reply and the quoted message under the footer, often
    // without any attribution: "Sent from my …" after some text ends what the customer wrote.
    // The line is folded once, for this test and quoteHeaderAt's.
    if (wroteSomething && isDeviceFooter(line, foldedAt(lines, i))) break;
    const header = quoteHeaderAt(lines, i);
    if (header !== null) {
      let next = i + header.lines;
      while (next < lines.length && (lines[next] ?? '').trim() === '') next++;
      dropped = true;
      // An attribution over a ">" block: drop it; the loop drops the block and goes on with any
      // text written under it (bottom posting, inline answers).
      if (next < lines.length && QUOTED.test(lines[next] ?? '') && !header.separator) {
        i = next;
        continue;
      }
      // Text above: what follows the marker is the previous message (Outlook does not quote it).
      if (wroteSomething || next >= lines.length) break;
      i += header.lines;
      continue;
    }
    const blank = line.trim() === '';
    if (!(blank && dropped && kept.at(-1) === '')) kept.push(line.trimEnd());
    if (!blank) {
      wroteSomething = true;
      dropped = false;
    }
    i++;
  }
  return stripSignature(kept).join('\n').trim();
}

/**
 * A line between two quoted lines is the tail of a quoted line that a client wrapped without
 * repeating the ">" (long URLs, clients that wrap at 76 columns after quoting). An answer written
 * inline is set apart by blank lines and is kept.
 */
function isWrappedQuoteLine(lines: readonly string[], i: number): boolean {
  return i > 0 && (lines[i] ?? '').trim() !== '' && QUOTED.test(lines[i - 1] ?? '') && QUOTED.test(lines[i + 1] ?? '');
}
