/**
 * Recognises the line(s) a mail client writes where the quoted or forwarded previous message
 * begins: attribution lines ("Le lun. 3 nov. 2026 à 10:00, X a écrit :", "On …, X wrote:", and
 * their German, Spanish, Dutch, Nordic, Polish, Chinese… forms, folded over up to five lines),
 * "-----Original Message-----"/"-----Message d'origine-----" and forward markers, Outlook and
 * webmail header blocks ("De : … Envoyé : … À : … Objet :", "From: … Sent: … To: … Subject:",
 * "Message du 03/11/26 10:00" then "De : …" of Orange, SFR and La Poste webmails).
 *
 * Hand-written rather than taken from email-reply-parser or planer (DESIGN 4.1): measured on the
 * shared reply corpora, neither recognises an Outlook header block whose "From:"/"De :" line has no
 * <address> (the usual French Outlook reply), nor the French webmail forms, and email-reply-parser
 * took 7 minutes on the corpus's 766 KB message (regular expressions over the whole text). Every
 * pattern here is tried on a bounded window of lines with bounded repetitions, so the cost is
 * linear in the length of the mail.
 */
import { foldText } from './fold-text.ts';

/** What starts at a line: how many lines the marker spans, and whether it introduces a forward. */
export interface QuoteHeader {
  /** Lines taken by the marker itself (attribution over several lines, whole header block). */
  lines: number;
  /** A forward marker or an original-message separator, rather than a reply attribution. */
  separator: boolean;
}

// Attribution verbs, folded (no accents): "a écrit", "wrote", "schrieb", "escribió"…
const ATTRIBUTION_VERB = String.raw`(?:wrote|sent|a ecrit|escribio|ha escrit|ha scritto|scritto|escreveu|schrieb|schreef|geschreven|verzond|napisal\(a\)|napisala|napisal|pisze|skrev|da viet|kirjoitti|написал|написала|написав|пише|napsal|irta|εγραψε|yazdi)`;
// Word boundaries that also hold next to Cyrillic and Greek letters (\b is ASCII-only).
const NOT_AFTER_LETTER = String.raw`(?<![\p{L}\p{N}])`;
const NOT_BEFORE_LETTER = String.raw`(?![\p{L}\p{N}])`;
// "On <date>, <name> wrote:" and its translations; German/Dutch/Nordic put the name after the verb.
const ATTRIBUTION = new RegExp(String.raw`^[-\s>]*(.{0,300}?)${NOT_AFTER_LETTER}${ATTRIBUTION_VERB}${NOT_BEFORE_LETTER}(?:\s.{0,80}?)?\s*:\s*-*\s*$`, 'u');
// Android's "---- John Smith wrote ----".
const DASHED_ATTRIBUTION = new RegExp(String.raw`^-{2,}\s*.{1,120}?\s${ATTRIBUTION_VERB}\s*-{2,}\s*$`, 'u');
// Words that open an attribution line in the languages we meet.
const ATTRIBUTION_START = /^[-\s>]*(?:on|le|el|il|em|am|op|w dniu|dnia|den|pa|vao|pe|dne|στις|в|у|at|tir|man|ons|tor|fre|lor|son)(?![\p{L}\p{N}])/u;
// Evidence that a "… wrote:" line is a client's attribution and not a sentence: an address, a
// time of day, or a year. "Something wrote:" inside a body has none.
const ADDRESS = /<|[^\s<>@]+@[^\s<>@]+\.[a-z]{2,}/;
const ATTRIBUTION_EVIDENCE = /@|<|\b\d{1,2}[:h.]\d{2}\b|\b(?:19|20)\d{2}\b/;
// Chinese, Japanese and Korean attributions, folded like the lines they are tested on: NFKD splits Hangul syllables into jamo and drops the
// dakuten of ジ.
const CJK_ATTRIBUTION = new RegExp(foldText(String.raw`^(?:在.{1,200}(?:写道|寫道)|.{1,200}(?:작성|のメッセージ))\s*[:：]\s*$`));
// Old Gmail and others: "2014-03-20 8:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:",
// "2011/4/7 Nathan <support@example.com>", "02.04.2012 14:20 … <bob@example.com> …".
const DATE_ADDRESS = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b.{0,150}[^\s<>]+@[^\s<>]+.{0,40}$/;
// A date written out in front, an address, a colon (mail.ru: "Thu, 26 Jun 2014 14:00:51 +0400 от
// Alexander L <abc@example.com>:").
const SPELLED_DATE_ADDRESS = /^(?:\p{L}{2,4}\.?,?\s+)?\d{1,2}\s+\p{L}{3,10}\.?\s+\d{4}\b.{0,150}<[^<>\s]+@[^<>\s]+>.{0,20}:\s*$/u;
// Old Gmail without the address: "2016-03-03 17:21 GMT+01:00 Some One".
const DATE_GMT_NAME = /^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s+gmt[+-]\d{1,2}:?\d{2}\s+[^.!?]{1,100}$/;

// Original-message separators and forward markers (folded).
const SEPARATOR_LINE = /^[\s*_]*-{2,}\s*(?:original message|reply message|message d'origine|message original|mail original|message initial|courriel original|message transfere|mail transfere|courriel transfere|message transmis|forwarded message|ursprungliche nachricht|weitergeleitete nachricht|antwort nachricht|oprindelig meddelelse|opprinnelig melding|ursprungligt meddelande|messaggio originale|messaggio inoltrato|mensaje original|mensaje reenviado|mensagem original|oorspronkelijk bericht|doorgestuurd bericht|oryginalna wiadomosc)\s*-*[\s*_]*$/;
const FORWARD_INTRO = /^\s*(?:begin forwarded message|debut du message (?:reexpedie|transfere)|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|inizio messaggio inoltrato)\s*:?\s*$/;
// Orange, SFR and La Poste webmails: "Message du 03/11/26 10:00" above "De : …".
const WEBMAIL_INTRO = /^\s*message du \d{1,2}\/\d{1,2}\/\d{2,4}(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?\s*$/;

// Header block fields of Outlook, Apple Mail, Yahoo, Zimbra and webmails, folded; the From field
// opens a block, the others confirm it.
const FROM_KEYS = String.raw`from|de|von|van|da|fra|fran|od|от|від|lahettaja|felado|kimden|expediteur|发件人|寄件者`;
const OTHER_KEYS = String.raw`sent|envoye|envoye le|date|datum|data|to|a|cc|cci|bcc|subject|objet|sujet|gesendet|an|betreff|verzonden|aan|onderwerp|inviato|oggetto|risposta|wyslano|do|temat|sendt|til|emne|skickat|till|amne|enviado|enviada|para|asunto|assunto|reply-to|repondre a|importance|priorite|отправлено|кому|тема|дата|收件人|主题|主旨|日期|发送时间`;
const FIELD = new RegExp(String.raw`^\s*[*_]{0,2}(${FROM_KEYS}|${OTHER_KEYS})[*_]{0,2}\s*:`);
const FROM_FIELD = new RegExp(String.raw`^\s*[*_]{0,2}(?:${FROM_KEYS})[*_]{0,2}\s*:`);
// A lone "From: Name <address>" line also starts the quoted message (willdurand's fixtures).
const FROM_WITH_ADDRESS = new RegExp(String.raw`^\s*[*_]{0,2}(?:from|de|von|van|da)[*_]{0,2}\s*:.{0,200}(?:<[^<>\s]+@[^<>\s]+>|mailto:)`);
// A rule drawn above a header block by Outlook ("____…") and others ("-----…").
const RULE = /^\s*(?:_{8,}|-{8,}|={8,})\s*$/;

// Lines longer than this are prose, never a header: it also bounds the regular expressions' work.
const MAX_HEADER_LINE = 400;

// Small patterns of the per-line tests, compiled once rather than at every line.
const QUOTE_MARK = /^\s*>\s?/;
const STARTS_WITH_DIGIT = /^\d/;
const THREE_LETTERS = /^\p{L}{3}$/u;
const ENDS_WITH_SENTENCE_MARK = /[.!?]\s*$/;

// How far an attribution may be folded, and how far a header block's fields may be spread.
const MAX_ATTRIBUTION_LINES = 5;
const BLOCK_WINDOW = 8;

// Each line is looked at from several starting lines (attribution and block windows overlap, and
// new-text.ts tests it for a device footer first): fold it once per message. Keyed by the
// caller's array of lines, so nothing outlives the message.
const foldedCache = new WeakMap<readonly string[], (string | undefined)[]>();

/**
 * `lines[k]` folded (./fold-text.ts), or `''` when it is longer than a header line can be
 * (MAX_HEADER_LINE); computed once per array of lines.
 */
export function foldedAt(lines: readonly string[], k: number): string {
  let folded = foldedCache.get(lines);
  if (folded === undefined) foldedCache.set(lines, (folded = []));
  const line = lines[k] ?? '';
  return (folded[k] ??= line.length > MAX_HEADER_LINE ? '' : foldText(line));
}

const fold = (line: string): string => (line.length > MAX_HEADER_LINE ? '' : foldText(line));

/**
 * The quote or forward marker starting at `lines[i]`, if any. `lines` is the message split on
 * line breaks; quoted lines (`>`) are the caller's business, this only looks at what introduces
 * them or introduces an unquoted copy (Outlook).
 */
export function quoteHeaderAt(lines: readonly string[], i: number): QuoteHeader | null {
  const first = foldedAt(lines, i);
  if (first === '') return null;
  if (SEPARATOR_LINE.test(first) || FORWARD_INTRO.test(first)) return { lines: 1, separator: true };
  if (WEBMAIL_INTRO.test(first)) return { lines: 1, separator: true };
  if (RULE.test(first)) {
    // Only when a header block follows within two lines; a rule alone is left to the signature
    // rules (it may be a delimiter above a signature, or just a rule).
    for (let k = i + 1; k <= i + 2 && k < lines.length; k++) {
      const block = headerBlockAt(lines, k);
      if (block > 0) return { lines: k - i + block, separator: true };
    }
    return null;
  }
  const block = headerBlockAt(lines, i);
  if (block > 0) return { lines: block, separator: true };
  if (FROM_WITH_ADDRESS.test(first)) return { lines: 1, separator: true };
  const attribution = attributionAt(lines, i);
  return attribution > 0 ? { lines: attribution, separator: false } : null;
}

/** Lines taken by an attribution ("…wrote:") starting at `i`, folded over up to five lines; 0 if none. */
function attributionAt(lines: readonly string[], i: number): number {
  let joined = '';
  let blanks = 0;
  const first = foldedAt(lines, i);
  for (let k = i; k < lines.length && k < i + MAX_ATTRIBUTION_LINES; k++) {
    const raw = lines[k] ?? '';
    // A folded attribution may put its last words on a line that looks quoted ("> wrote:",
    // Polymail) and may contain one blank line.
    const unquoted = raw.replace(QUOTE_MARK, '');
    // …but only its last words ("> wrote:"): a whole quoted line is the quote itself.
    if (k > i && unquoted !== raw && unquoted.trim().length > 12) return 0;
    const line = k === i || unquoted === raw ? foldedAt(lines, k) : fold(unquoted);
    if (line === '') {
      if (++blanks > 1 || k === i) return 0;
      continue;
    }
    // A line that ends a sentence ("…mon bonus.", "…too.", "…?") is prose: an attribution folded
    // over lines breaks inside it, at most after a number ("28.") or a short abbreviation ("Fr.").
    if (k > i && endsSentence(joined)) return 0;
    joined = joined === '' ? line : `${joined} ${line}`;
    if (joined.length > MAX_HEADER_LINE) return 0;
    // Folded over several lines, the first must open like an attribution ("On …", "Le …", a
    // date): otherwise the last line of the customer's text would be taken in with it.
    if (k > i && !ATTRIBUTION_START.test(joined) && !STARTS_WITH_DIGIT.test(first) && !hasAddress(first)) return 0;
    if (isAttribution(joined)) return k - i + 1;
  }
  return 0;
}

/** Whether {@link ADDRESS} matches; it cannot without "<" or "@", and most lines have neither. */
function hasAddress(text: string): boolean {
  return text.includes('<') || (text.includes('@') && ADDRESS.test(text));
}

/** Ends with "?", "!" or a word of three letters or more and a period; constant time. */
function endsSentence(text: string): boolean {
  const last = text.at(-1);
  if (last === '?' || last === '!') return true;
  return last === '.' && THREE_LETTERS.test(text.slice(-4, -1));
}

function isAttribution(text: string): boolean {
  if ((DATE_ADDRESS.test(text) && !ENDS_WITH_SENTENCE_MARK.test(text)) || DATE_GMT_NAME.test(text)) return true;
  // The other forms all end with a colon or dashes: a cheap test spares prose lines the costlier
  // patterns below. (The last character before any white space: /[:-]\s*$/ without scanning the line.)
  const last = text.trimEnd().at(-1);
  if (last !== ':' && last !== '-') return false;
  if (CJK_ATTRIBUTION.test(text) || DASHED_ATTRIBUTION.test(text) || SPELLED_DATE_ADDRESS.test(text)) return true;
  if (!ATTRIBUTION.test(text)) return false;
  return ATTRIBUTION_START.test(text) || ATTRIBUTION_EVIDENCE.test(text);
}

/**
 * Lines taken by a header block starting at `i` ("From:"/"De :"/"Date:" then at least one other
 * field among the next lines), up to its last field line; 0 if there is no block. Lines between
 * fields are continuations of a folded field ("[mailto:\n bob@example.com]").
 */
function headerBlockAt(lines: readonly string[], i: number): number {
  const opening = foldedAt(lines, i);
  const first = FIELD.exec(opening);
  if (first === null) return 0;
  const firstKey = first[1] ?? '';
  // Only From or a date/sent field opens a block: "À :", "Objet :" alone begin no quote.
  const opensBlock = FROM_FIELD.test(opening) || /^(?:date|datum|sent|envoye|envoye le|gesendet)$/.test(firstKey);
  if (!opensBlock) return 0;
  const keys = new Set([firstKey]);
  let last = i;
  for (let k = i + 1; k < lines.length && k <= i + BLOCK_WINDOW; k++) {
    const line = foldedAt(lines, k);
    const field = FIELD.exec(line);
    if (field !== null) {
      keys.add(field[1] ?? '');
      last = k;
    } else if (line === '' && k > last + 1) {
      break;
    }
  }
  return keys.size >= 2 ? last - i + 1 : 0;
}
