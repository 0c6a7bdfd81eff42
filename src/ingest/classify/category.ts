import { ALL_KEYWORDS, COMPLAINT_MARKERS, GROUND_KEYWORDS, REQUEST_MARKERS, type ComplaintGround, type Keyword } from './category-keywords.ts';
import { fold, linesOf } from './fold.ts';
import { RegexPrefilter, type Exec } from './keyword-prefilter.ts';

export type { ComplaintGround } from './category-keywords.ts';

/**
 * A case's category (DESIGN 3.4): a request, or a complaint with its ground when known. It
 * comes from the contact form's category field (`categoryFromLabel`), else from a bilingual
 * keyword classifier (`suggestCategory`); agents reclassify. Both read folded text (fold.ts),
 * so accents and case never matter.
 */
export type Category = { kind: 'request' } | { kind: 'complaint'; ground: ComplaintGround | null };

/** A classifier suggestion: the category, how sure (0 to 1), and the keywords that decided it. */
export interface CategorySuggestion {
  category: Category;
  confidence: number;
  matched: string[];
}

const GROUNDS = Object.keys(GROUND_KEYWORDS) as ComplaintGround[];

/** Label words of a technical failure that the text table leaves out: "Problème technique" as a form category. */
const LABEL_TECHNICAL = /\b(?:probleme|souci|incident|bug|dysfonctionnement|panne|technical|technique|technical issue|technical problem)\b/;

/** Form category values of an ordinary request. */
const LABEL_REQUEST = /^(?:demande(?: d'information| de renseignements?| generale)?|question|questions|request|general request|information|informations|renseignements?|enquiry|inquiry|general enquiry|autre|other|contact)$/;

let prefilter: RegexPrefilter | undefined;

/**
 * The keyword regexes, searched through keyword-prefilter.ts: on a long mail most keywords lack
 * some word they need ("retrait", "compte "), and running their fifty regexes over the whole
 * text was most of the classifier's time. The prefilter finds the words the regexes need in one
 * pass, skips a regex when one is missing, and runs the others from where a match can first
 * start; each search returns the match the regex alone would have returned, so every result is
 * the same. Texts under 64 characters (form labels, one-liners) are searched as before: there
 * the regexes cost less than the pass. Built on first use, not when this module is imported:
 * analysing the regexes takes some 20 ms, which only the first classification should pay.
 */
function keywordPrefilter(): RegexPrefilter {
  return (prefilter ??= new RegexPrefilter(ALL_KEYWORDS.map((keyword) => keyword.re), { minLength: 64 }));
}

/** Labels of the keywords of `table` found in the text `exec` searches, with the position of the first match. */
function matches(table: Keyword[], exec: Exec): { labels: string[]; first: number } {
  const labels: string[] = [];
  let first = Number.POSITIVE_INFINITY;
  for (const keyword of table) {
    const m = exec(keyword.re);
    if (m) {
      labels.push(keyword.label);
      first = Math.min(first, m.index);
    }
  }
  return { labels, first };
}

/** The ground with the most keywords in the text `exec` searches (ties: the one named first), with its keywords. */
function groundOf(exec: Exec): { ground: ComplaintGround; labels: string[] } | null {
  let best: { ground: ComplaintGround; labels: string[]; first: number } | null = null;
  for (const ground of GROUNDS) {
    const found = matches(GROUND_KEYWORDS[ground], exec);
    if (found.labels.length === 0) continue;
    if (!best || found.labels.length > best.labels.length || (found.labels.length === best.labels.length && found.first < best.first)) {
      best = { ground, ...found };
    }
  }
  return best;
}

/**
 * The category a contact form's category value names, or null when it names none (the
 * classifier then decides). "Plainte", "Réclamation", "Complaint", "Litige" → a complaint,
 * with the ground the rest of the label gives ("Réclamation - Problème technique" →
 * technical-failure; "Plainte - Retrait non reçu" → service-not-provided), else no ground; a
 * label naming only a ground ("Problème technique", "Compte bloqué") → a complaint on that
 * ground, since reporting a ground is what makes a complaint; "Demande", "Question",
 * "Request", "Information", "Autre" → a request. Topic labels ("Retrait", "Bonus") → null.
 */
export function categoryFromLabel(label: string | null): Category | null {
  if (label === null) return null;
  const folded = fold(label);
  if (folded === '') return null;
  const exec = keywordPrefilter().search(folded);
  const complaint = matches(COMPLAINT_MARKERS, exec).labels.length > 0;
  const ground = groundOf(exec)?.ground ?? (LABEL_TECHNICAL.test(folded) ? 'technical-failure' : null);
  if (complaint || ground !== null) return { kind: 'complaint', ground };
  return LABEL_REQUEST.test(folded.replace(/[.!]+$/, '').trim()) ? { kind: 'request' } : null;
}

/** A reply header (folded): "Le … a écrit :", "On … wrote:", "-----Original Message-----", "De : …@", "From: …@". */
const QUOTE_HEADER = /^(?:le .{0,80} a ecrit ?:?$|on .{0,80} wrote:?$|-{2,} ?(?:original message|message d'origine|message original|forwarded message|message transfere) ?-{2,}|de ?: .+@|from: .+@)/;

/**
 * The customer's own words in a body, folded, line by line: lines before the first quoted reply
 * header ("Le … a écrit :", "On … wrote:", "-----Original Message-----", a forwarded
 * "De :"/"From:" block), without `>` lines. Our own acknowledgements say "réclamation": a reply
 * quoting one must not become a complaint for it.
 */
function ownFoldedLines(text: string): string[] {
  const out: string[] = [];
  for (const line of linesOf(text)) {
    const folded = fold(line);
    if (mayBeQuoteHeader(folded) && QUOTE_HEADER.test(folded)) break;
    if (!folded.startsWith('>')) out.push(folded);
  }
  return out;
}

/**
 * Whether a folded line can match QUOTE_HEADER: it starts with "-", "d" or "f" ("-----Original
 * Message-----", "De :", "From:"), or with "l" or "o" and ends as "… a ecrit :" (an optional " "
 * and ":" after "ecrit") or "… wrote:" (an optional ":") do. On the many lines starting "le " or
 * "on " that end otherwise the regex would try up to 80 characters each way before failing; this
 * test only spares it lines it could not match.
 */
function mayBeQuoteHeader(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 0x2d || c === 0x64 || c === 0x66) return true;
  if (c !== 0x6c && c !== 0x6f) return false;
  return line.endsWith('ecrit') || line.endsWith('ecrit:') || line.endsWith('ecrit ') || line.endsWith('ecrit :') || line.endsWith('wrote') || line.endsWith('wrote:');
}

/**
 * A bilingual keyword classifier's suggestion for a message (DESIGN 1 and 3.4). A complaint
 * when the subject or the customer's own words (quotes left out) report a ground — technical
 * failure ("bug", "page blanche", "impossible de me connecter", "error 500"), non-compliant
 * decision ("compte bloqué", "gains annulés", "abusif", "account closed", "winnings voided"),
 * service not provided ("retrait non reçu", "bonus non crédité", "withdrawal not received") —
 * the ground with the most keywords winning; a complaint without a ground on "plainte",
 * "réclamation", "complaint", "I want to complain"; else a request. `matched` lists the
 * keywords behind it; `confidence` grows with them (0.6 for a request with nothing to go on).
 */
export function suggestCategory(subject: string | null, text: string | null): CategorySuggestion {
  // The subject and the own words as one folded text. Folding makes every line break a space, so
  // the lines already folded, joined by a space (blank ones left out), are that text: it is not
  // folded a second time.
  const folded = [fold(subject ?? ''), ...ownFoldedLines(text ?? '')].filter((line) => line !== '').join(' ');
  const exec = keywordPrefilter().search(folded);
  const markers = matches(COMPLAINT_MARKERS, exec).labels;
  const ground = groundOf(exec);
  if (ground) {
    const confidence = Math.min(0.95, 0.6 + 0.1 * (ground.labels.length - 1) + (markers.length > 0 ? 0.15 : 0));
    return { category: { kind: 'complaint', ground: ground.ground }, confidence: round(confidence), matched: [...ground.labels, ...markers] };
  }
  if (markers.length > 0) {
    return { category: { kind: 'complaint', ground: null }, confidence: round(Math.min(0.85, 0.7 + 0.05 * (markers.length - 1))), matched: markers };
  }
  const requests = matches(REQUEST_MARKERS, exec).labels;
  return { category: { kind: 'request' }, confidence: requests.length > 0 ? 0.8 : 0.6, matched: requests };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
