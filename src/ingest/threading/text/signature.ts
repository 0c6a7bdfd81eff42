/**
 * Removes the signature at the end of what a customer wrote: the usenet "-- " delimiter and the
 * rules people draw above a signature, the footers phones and apps add ("Envoyé de mon iPhone",
 * "Sent from my iPhone", "Get Outlook for Android", antivirus stamps), and a closing formula
 * ("Cordialement", "Bien à vous", "Best regards") with the name and contact lines under it.
 *
 * Hand-written (DESIGN 4.1): planer does not strip signatures at all, and email-reply-parser treats
 * any line starting "Sent from …" as a signature ("Sent from my desk, is much easier…" is text)
 * and knows few French closings. A closing formula only counts in the last lines and only when
 * what follows it is short: a "cordialement" in the middle of the text is the customer's text.
 */
import { foldText, foldedWords } from './fold-text.ts';

// The usenet signature delimiter (RFC 3676 4.3), also without its trailing space.
const SIG_DASHES = /^-- ?$/;
// A line that is only a rule: a run of one punctuation mark ("__", "***", "=====", "~~~"), or
// Gmail's invisible tracking mark ᐧ that some add-ons put above the signature.
const RULE_LINE = /^\s*(?:([-_=*#~+•·—–])\1{1,}|ᐧ)\s*$/;

// "-Jean Dupont", "— Jean": a name signed with a dash, on the last line.
const DASHED_NAME = /^\s*[-–—~]\s?\p{Lu}[\p{L}.'-]*(?:\s[\p{L}.'-]+){0,3}\s*$/u;

// Phone and app footers, on folded text with surrounding brackets removed.
const DEVICE_WORDS = new Set(('iphone ipad ipod android mobile mobil smartphone telephone phone portable appareil tablette ' +
  'tablet galaxy samsung huawei xiaomi honor oppo pixel nokia sony xperia motorola lg oneplus htc blackberry wiko ' +
  'alcatel windows pc mac macbook device cell cellulaire outlook gmail yahoo mail courrier orange sfr free bouygues ' +
  'airmail sparrow mailbox spark bluemail aquamail k 9 edison protonmail proton tutanota icloud acompli ti').split(' '));
const SENT_FROM = /^(?:sent|envoye|envoyee|expedie|verzonden|verstuurd|enviado|inviato|gesendet|wyslane|sendt|skickat|odeslano|отправлено)\s+(?:from|de|depuis|a partir de|avec|via|with|by|using|met|vanaf|van|desde|da|von|mit|z|fra|fran|от|из)\s+(.{1,100})$/;
const OTHER_FOOTERS = [
  /^(?:get|download|telecharger|obtenir|holen sie sich|scarica|descargar)\s+\[?outlook\b/,
  /^von meinem .{1,60} gesendet\.?$/,
  /^diese nachricht wurde von meinem .{1,80} gesendet\.?$/,
  /^(?:\S+\s+)?from (?:my )?(?:iphone|ipad|android|mobile|phone|smartphone|samsung|galaxy|blackberry)\b.{0,30}$/,
  /^provenance\s*:\s*courrier pour windows/,
  /^(?:從我的|发自我的|來自我的).{1,30}$/,
  // Antivirus stamps (Avast, AVG) that French webmail users often carry.
  /(?:garanti sans virus|sans virus\.|virus-free|mail priva di virus|virenfrei).{0,80}$/,
  /^www\.(?:avast|avg)\.com/,
];

// Closing formulas (folded), alone on their line or followed by a name on the same line.
const CLOSING = new RegExp('^(?:' + [
  String.raw`(?:(?:bien|tres|tres bien|bien tres|tres)\s+)?cordialement(?:\s+votre|\s+a vous)?`,
  'cdlt', 'cdt', 'slts',
  String.raw`bien (?:a vous|a toi|amicalement)`,
  'amicalement', String.raw`a bientot`,
  String.raw`(?:(?:sinceres|meilleures|mes|nos|cordiales|bien sinceres|respectueuses|amicales|sincere)\s+)?salutations(?:\s+distinguees|\s+sinceres)?`,
  String.raw`(?:veuillez|je vous prie d'|nous vous prions d')\s*agreer\b.{0,200}`,
  String.raw`recevez\b.{0,80}\bsalutations\b.{0,40}`,
  String.raw`bonne (?:journee|soiree|fin de journee|continuation|semaine)(?:\s+a vous)?`,
  String.raw`(?:best|kind|warm|warmest|many|with kind|with best|kindest)\s+regards`,
  'regards', 'best', String.raw`best wishes`, 'cheers', String.raw`sincerely(?: yours)?`,
  String.raw`yours (?:sincerely|faithfully|truly)`, String.raw`respectfully(?: yours)?`,
  String.raw`mit freundlichen grussen`, 'mfg', String.raw`viele grusse`, String.raw`liebe grusse`,
].join('|') + String.raw`)\s*[,.!]*(?:\s+[^\s].{0,40})?$`);

// Thanks as a closing, followed by the name (on folded text).
const THANKS = /^(?:(?:many |un grand )?(?:thanks|thank you|merci)(?: beaucoup| bien| d'avance| par avance| in advance| again| encore)?)\s*[,.!]*$/;
// What makes a last paragraph a contact block: an e-mail address, a phone number, a web site.
const CONTACT = /[^\s@]+@[^\s@]+\.[a-z]{2,}|(?:\+|\b0)\d[\d .()-]{7,16}\d|\(\d{3}\)\s?\d{3}-\d{4}|\bhttps?:\/\/|\bwww\./i;
const CONTACT_LINE_WORDS = 6;
// No footer, closing or contact line is longer than this; longer lines are text (and the patterns
// need not look at them).
const MAX_SIGNATURE_LINE_CHARS = 300;

// A closing formula counts only within this many last non-empty lines, and only when at most
// this many lines follow it, each short: a name, a customer number, a phone, an address.
const CLOSING_WINDOW = 8;
const MAX_LINES_AFTER_CLOSING = 6;
const MAX_SIGNATURE_LINE_WORDS = 8;
// A delimiter or rule cuts only when what follows is signature-sized.
const MAX_LINES_AFTER_RULE = 12;

// Brackets around a footer ("<Sent from my iPhone>", "[Envoyé de mon mobile]").
const BRACKETS = /^[<([*]+|[>)\]*]+$/g;
const OPENING_BRACKET = /^[<([*]/;
const CLOSING_BRACKET = /[>)\]*]$/;

/** Folded text without the brackets around it; most lines have none, and are spared the replace. */
function bare(folded: string): string {
  return OPENING_BRACKET.test(folded) || CLOSING_BRACKET.test(folded) ? folded.replace(BRACKETS, '').trim() : folded.trim();
}

/**
 * Whether `line` is a phone or app footer ("Sent from my iPhone", "Envoyé depuis mon mobile
 * Orange"). `folded` is `foldText(line)` when the caller already has it (new-text.ts folds each
 * line once).
 */
export function isDeviceFooter(line: string, folded?: string): boolean {
  if (line.length > MAX_SIGNATURE_LINE_CHARS) return false;
  const text = bare(folded ?? foldText(line));
  if (text === '') return false;
  const sent = SENT_FROM.exec(text);
  if (sent !== null) {
    const rest = sent[1] ?? '';
    // "Sent from my desk, is much easier than my phone" is text: the device or app must be named
    // in the first words, or the footer must be a few words only.
    const words = foldedWords(rest.replace(/^(?:my|mon|ma|mes|mein|meinem|mijn|mi|il mio|mio)\s+/, ''));
    if (words.slice(0, 4).some((w) => DEVICE_WORDS.has(w))) return true;
    return words.length <= 3 && !rest.includes(',');
  }
  return OTHER_FOOTERS.some((re) => re.test(text));
}

/**
 * Whether `line` is a closing formula ("Cordialement,", "Bien à vous", "Best regards, Jean").
 * `folded` is `foldText(line)` when the caller already has it.
 */
export function isClosingFormula(line: string, folded?: string): boolean {
  return line.length <= MAX_SIGNATURE_LINE_CHARS && CLOSING.test(folded ?? foldText(line));
}

/**
 * `lines` without the trailing signature (see the module comment); lines are returned as they
 * were, trailing blank lines removed.
 */
export function stripSignature(lines: readonly string[]): string[] {
  let out = trimTrailingBlank([...lines]);
  for (;;) {
    const end = signatureStart(out);
    if (end === null) return out;
    out = trimTrailingBlank(out.slice(0, end));
  }
}

/** Index where the signature starts, or null when the end of `lines` is not a signature. */
function signatureStart(lines: readonly string[]): number | null {
  const n = lines.length;
  if (n === 0) return null;
  // 1. Footers at the very end, however many (a phone footer under an app footer…).
  let k = n;
  while (k > 0 && (lines[k - 1]?.trim() === '' || isDeviceFooter(lines[k - 1] ?? ''))) k--;
  if (k < n && k > 0) return k;
  // 2. "-- " anywhere after some text: everything after it is the signature (RFC 3676).
  const dashes = lines.findIndex((l, i) => i > 0 && SIG_DASHES.test(l));
  if (dashes > 0) return dashes;
  // 3. A rule above a signature-sized tail, outside a ``` code block ("####" is code there).
  const contentLines = (from: number) => lines.slice(from).filter((l) => l.trim() !== '').length;
  let inCode = false;
  for (let i = 0; i < n; i++) {
    if ((lines[i] ?? '').trimStart().startsWith('```')) inCode = !inCode;
    else if (i > 0 && !inCode && RULE_LINE.test(lines[i] ?? '') && contentLines(i + 1) <= MAX_LINES_AFTER_RULE) return i;
  }
  // 4. A dashed name as the last line: "-Abhishek Kona", "— Jean".
  const last = lines[n - 1] ?? '';
  if (n > 1 && DASHED_NAME.test(last)) return n - 1;
  // 5. A closing formula in the last lines, followed only by short lines; a thank-you only when
  // a name follows it ("Merci d'avance" alone closes the text, it is not a signature).
  // The lines of the tail are looked at once per closing candidate above them: fold and count
  // their words once.
  const folded: (string | undefined)[] = [];
  const foldedLine = (k: number): string => (folded[k] ??= foldText(lines[k] ?? ''));
  const wordCounts: (number | undefined)[] = [];
  const wordCount = (k: number): number => (wordCounts[k] ??= foldedWords(foldedLine(k)).length);
  const nonEmpty = lines.map((l, i) => (l.trim() === '' ? -1 : i)).filter((i) => i >= 0);
  const short = (k: number) => (lines[k] ?? '').length <= MAX_SIGNATURE_LINE_CHARS && wordCount(k) <= MAX_SIGNATURE_LINE_WORDS;
  for (const i of nonEmpty.slice(-CLOSING_WINDOW)) {
    if (i === 0) continue;
    const after = nonEmpty.filter((k) => k > i);
    if (after.length > MAX_LINES_AFTER_CLOSING || !after.every(short)) continue;
    if (isClosingFormula(lines[i] ?? '', foldedLine(i))) return i;
    if (after.length > 0 && THANKS.test(foldedLine(i))) return i;
  }
  // 6. A contact block: a last paragraph of a few short lines, one of them an address, a phone
  // number or a web site ("Gina X / gina@example.com / (555) 346-9947").
  const blank = lines.findLastIndex((l) => l.trim() === '');
  const block = lines.slice(blank + 1);
  if (blank > 0 && block.length >= 2 && block.length <= MAX_LINES_AFTER_CLOSING
    && block.every((l, b) => l.length <= MAX_SIGNATURE_LINE_CHARS && wordCount(blank + 1 + b) <= CONTACT_LINE_WORDS)
    && block.some((l) => CONTACT.test(l))) {
    return blank + 1;
  }
  return null;
}

function trimTrailingBlank(lines: string[]): string[] {
  let n = lines.length;
  while (n > 0 && (lines[n - 1] ?? '').trim() === '') n--;
  return lines.slice(0, n);
}
