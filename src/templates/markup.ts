/**
 * The template body markup, written once for both parts (templates/README.md):
 *   - a blank line separates paragraphs; a single line break is kept as a line break;
 *   - lines starting with `- ` are list items;
 *   - a line `---` is a separator; what follows the last one (the legal footer) is small print
 *     in HTML.
 * The text part is exactly what the template renders, tidied. The HTML part is the same render
 * made with escaping on (data and the template's own text are escaped), then laid out by the rules
 * above: only tags built here or by the `link` helper can appear in it.
 */

/** Line breaks as `\n`. */
function normaliseNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** The text part: no trailing spaces, at most one blank line in a row, one final newline. */
export function tidyText(rendered: string): string {
  const lines = normaliseNewlines(rendered)
    .split('\n')
    .map((l) => l.trimEnd());
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/**
 * One header line: every control character and line break (CR, LF, NEL, U+2028/9) becomes a
 * space, so that no data can start a new header, and runs of spaces are collapsed.
 */
export function toSingleLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const LIST_ITEM = /^\s*[-•] +(.*)$/;
const SEPARATOR = /^\s*-{3,}\s*$/;

const STYLE = {
  p: 'margin: 0 0 1em 0;',
  small: 'margin: 0 0 0.8em 0; font-size: 12px; line-height: 1.4; color: #666666;',
  ul: 'margin: 0 0 1em 0; padding-left: 1.5em;',
  hr: 'border: 0; border-top: 1px solid #dddddd; margin: 1.5em 0 1em 0;',
};

/**
 * Lays out an escaped render as HTML blocks. The input must already be safe HTML text (escaped
 * data and template text, helper markup): this function only adds `<p>`, `<br>`, `<ul>`, `<li>`
 * and `<hr>`.
 */
export function layoutHtmlBlocks(escaped: string): string {
  const blocks = normaliseNewlines(escaped)
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((b) => b.split('\n').map((l) => l.trim()).filter((l) => l.length > 0))
    .filter((lines) => lines.length > 0);
  const isSeparator = (lines: string[]): boolean => lines.length === 1 && SEPARATOR.test(lines[0] ?? '');
  // Only what follows the last separator is small print: a `---` typed by an agent stays a rule.
  const footerStart = blocks.findLastIndex(isSeparator);
  const out: string[] = [];
  for (const [index, lines] of blocks.entries()) {
    if (isSeparator(lines)) {
      out.push(`<hr style="${STYLE.hr}">`);
      continue;
    }
    const smallPrint = footerStart >= 0 && index > footerStart;
    const pStyle = smallPrint ? STYLE.small : STYLE.p;
    // A block may mix lines and list items ("Vous pouvez :" then "- …"): group the runs.
    let paragraph: string[] = [];
    let items: string[] = [];
    const flushParagraph = (): void => {
      if (paragraph.length > 0) out.push(`<p style="${pStyle}">${paragraph.join('<br>\n')}</p>`);
      paragraph = [];
    };
    const flushList = (): void => {
      if (items.length > 0) out.push(`<ul style="${STYLE.ul}">\n${items.map((i) => `<li>${i}</li>`).join('\n')}\n</ul>`);
      items = [];
    };
    for (const line of lines) {
      const item = LIST_ITEM.exec(line);
      if (item) {
        flushParagraph();
        items.push(item[1] ?? '');
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
  }
  return out.join('\n');
}

/** Minimal escaping for text nodes: what the template author typed (`R&D`, `<3`) shows as typed. */
export function escapeTextNode(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A complete HTML document around the laid-out blocks; `title` is plain text (escaped here). */
export function htmlDocument(blocks: string, meta: { lang: string; title: string }): string {
  const title = escapeTextNode(meta.title).replace(/"/g, '&quot;');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeTextNode(meta.lang).replace(/"/g, '&quot;')}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    '</head>',
    '<body style="margin: 0; padding: 16px; background: #ffffff;">',
    '<div style="max-width: 640px; font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #222222;">',
    blocks,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
