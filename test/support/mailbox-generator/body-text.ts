import { gmailDate, outlookDate } from './dates.ts';
import type { QuoteStyle } from './mail-clients.ts';
import type { Language } from './types.ts';

/**
 * A customer's body as text and HTML: their own lines, then optionally an earlier message quoted
 * the way their client does it (Outlook's "De : … Envoyé : …" block, Gmail's "Le … a écrit :"
 * with "> " lines, or either client's forward block).
 */

export interface QuotedMessage {
  style: QuoteStyle;
  /** A forward block rather than a reply quote. */
  forward: boolean;
  language: Language;
  fromName: string;
  fromAddress: string;
  to: string;
  /** The quoted message's Date, at the quoting writer's offset. */
  date: Date;
  offset: number;
  subject: string;
  /** The quoted message's plain text (may itself hold quotes). */
  text: string;
  /** Outlook's separator line above the header block, if any. */
  separator: string | null;
}

export interface BodyModel {
  own: string;
  quoted: QuotedMessage | null;
}

const LABELS = {
  fr: { from: 'De : ', sent: 'Envoyé : ', to: 'À : ', subject: 'Objet : ' },
  en: { from: 'From: ', sent: 'Sent: ', to: 'To: ', subject: 'Subject: ' },
};

function who(q: QuotedMessage): string {
  return q.fromName ? `${q.fromName} <${q.fromAddress}>` : q.fromAddress;
}

/** The header block (Outlook, or Gmail's forward) as lines. */
function headerBlock(q: QuotedMessage): string[] {
  if (q.style === 'gmail') {
    return ['---------- Forwarded message ---------', `${q.language === 'fr' ? 'De : ' : 'From: '}${who(q)}`, `Date: ${gmailDate(q.date, q.offset, q.language)}`, `Subject: ${q.subject}`, `To: <${q.to}>`];
  }
  const l = LABELS[q.language];
  return [...(q.separator ? [q.separator] : []), `${l.from}${who(q)}`, `${l.sent}${outlookDate(q.date, q.offset, q.language)}`, `${l.to}${q.to}`, `${l.subject}${q.subject}`];
}

function attribution(q: QuotedMessage): string {
  const when = gmailDate(q.date, q.offset, q.language);
  return q.language === 'fr' ? `Le ${when}, ${who(q)} a écrit :` : `On ${when}, ${who(q)} wrote:`;
}

const trimEnd = (text: string): string => text.replace(/\s+$/, '');

export function renderPlain(body: BodyModel): string {
  const own = trimEnd(body.own);
  const q = body.quoted;
  if (!q) return `${own}\n`;
  const quoted = trimEnd(q.text);
  if (q.style === 'outlook' || q.forward) return `${own}\n\n${headerBlock(q).join('\n')}\n\n${quoted}\n`;
  const lines = quoted.split('\n').map((line) => (line === '' ? '>' : `> ${line}`));
  return `${own}\n\n${attribution(q)}\n${lines.join('\n')}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function gmailHtml(body: BodyModel): string {
  const divs = (text: string): string =>
    trimEnd(text)
      .split('\n')
      .map((line) => (line ? `<div>${escapeHtml(line)}</div>` : '<div><br></div>'))
      .join('\n');
  let html = `<div dir="ltr">\n${divs(body.own)}\n</div>\n`;
  const q = body.quoted;
  if (q) {
    const top = q.forward ? headerBlock(q).map(escapeHtml).join('<br>\n') : escapeHtml(attribution(q));
    const inner = escapeHtml(trimEnd(q.text)).split('\n').join('<br>\n');
    html +=
      `<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${top}<br></div>\n` +
      (q.forward ? `<br>${inner}\n</div>\n` : `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">\n${inner}\n</blockquote></div>\n`);
  }
  return html;
}

function outlookHtml(body: BodyModel, label: string, language: Language): string {
  const paragraphs = (text: string): string =>
    trimEnd(text)
      .split('\n')
      .map((line) => (line ? `<p class="MsoNormal">${escapeHtml(line)}<o:p></o:p></p>` : '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'))
      .join('\n');
  let inner = paragraphs(body.own);
  const q = body.quoted;
  if (q) {
    const block = headerBlock(q)
      .filter((line) => line !== q.separator)
      .map((line) => {
        const colon = line.indexOf(':');
        return `<b>${escapeHtml(line.slice(0, colon).trim())}&nbsp;:</b> ${escapeHtml(line.slice(colon + 1).trim())}`;
      })
      .join('<br>\n');
    inner += `\n<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n<p class="MsoNormal">${block}<o:p></o:p></p>\n</div>\n${paragraphs(q.text)}`;
  }
  return (
    `<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=${label}">\n` +
    `<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} --></style>\n</head>\n` +
    `<body lang="${language === 'fr' ? 'FR' : 'EN-GB'}" link="#0563C1" vlink="#954F72">\n<div class="WordSection1">\n${inner}\n</div>\n</body>\n</html>\n`
  );
}

export function renderHtml(body: BodyModel, style: QuoteStyle, label: string, language: Language): string {
  return style === 'gmail' ? gmailHtml(body) : outlookHtml(body, label, language);
}

/** Hard-wraps each line at the width (Thunderbird), never breaking a word. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + 1 + word.length > width) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}
