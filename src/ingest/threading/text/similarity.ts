/**
 * Whether two mails of one customer are about the same problem (DESIGN 3.2, step 3): the same
 * normalised, non-generic subject, or bodies that say the same thing once quotes and signatures
 * are removed.
 *
 * The body measure is the overlap coefficient (Szymkiewicz–Simpson) of the two sets of content
 * words (./content-words.ts): |A ∩ B| / min(|A|, |B|). Why this one, measured on the hand-written
 * calibration set (test/unit/threading-text/similarity-calibration.test.ts):
 * - customers who write again reword and reorder; word 3-gram shingles break on every rewording
 *   (Jaccard of 3-shingles: median 0.06 on repeats, no better than different problems' 0.05 at
 *   most); single content words survive it;
 * - a repeat mostly adds to the first mail ("Je vous relance", the date of the first request, the
 *   previous mail quoted) or shortens it: measuring against the smaller set does not punish that,
 *   where Dice or cosine do (repeats' lowest score: 0.47 overlap, 0.26 Dice, 0.34 cosine, with
 *   different problems up to 0.29 for all three: only the overlap leaves a gap);
 * - the weakness of the overlap coefficient, a short text contained in any long one, is why both
 *   texts must have {@link MIN_CONTENT_WORDS} content words before the body is judged at all.
 */
import { contentWords } from './content-words.ts';
import { extractNewText } from './new-text.ts';
import { isGenericSubject, normaliseSubject } from './normalise-subject.ts';

/**
 * Body similarity at or above which two mails are the same problem. On the calibration set,
 * repeats score 0.47 and above and different problems of the same customer (including a second
 * withdrawal or bonus months later, sharing most of the vocabulary) at most 0.29; 0.4 sits in that
 * gap, a little nearer the different problems because a missed repeat costs a duplicate case
 * that an agent merges, while a wrong merge hides a new problem behind an old case's place in the
 * queue and is the worse error.
 */
export const REPEAT_THRESHOLD = 0.4;

/**
 * Content words each text needs before its body is compared. A repeat that is only "Je vous
 * relance, mon retrait n'est pas arrivé" (two content words) says too little to tell one
 * withdrawal from another; such mails are matched on their subject or not at all.
 */
export const MIN_CONTENT_WORDS = 8;

/**
 * Similarity in [0, 1] of two texts that are already the customers' new text (see
 * {@link extractNewText}): the overlap coefficient of their sets of content words. 0 when either
 * has no content word. Symmetric; insensitive to case, accents, punctuation, word order and
 * sentence order.
 */
export function bodySimilarity(a: string, b: string): number {
  return overlap(new Set(contentWords(a)), new Set(contentWords(b)));
}

/** A mail as repeat detection sees it: subject and plain-text body, either possibly absent. */
export interface MailText {
  subject: string | null;
  text: string | null;
}

/** The verdict of {@link isSameProblem}: which evidence decided it, and the body score. */
export interface SameProblem {
  same: boolean;
  /** `'subject'` when the normalised subjects decided, `'body'` when the bodies did. */
  by: 'subject' | 'body' | null;
  /** 1 for a subject match, else the body similarity (0 when the bodies were too short to judge). */
  score: number;
}

/** Options of {@link isSameProblem}; the defaults are the calibrated values. */
export interface SameProblemOptions {
  threshold?: number;
  /** Whole subjects that are generic besides the built-in ones (the contact form's fixed subject). */
  genericSubjects?: Iterable<string>;
}

/**
 * Whether two mails (of the same customer: the caller's business) are about the same problem:
 * their normalised subjects are equal and not generic, or their new texts (quotes and signature
 * removed) both have at least {@link MIN_CONTENT_WORDS} content words and a body similarity of at
 * least {@link REPEAT_THRESHOLD}.
 */
export function isSameProblem(a: MailText, b: MailText, options: SameProblemOptions = {}): SameProblem {
  const subjectA = normaliseSubject(a.subject);
  const generic = options.genericSubjects ?? [];
  if (subjectA === normaliseSubject(b.subject) && !isGenericSubject(subjectA, generic)) {
    return { same: true, by: 'subject', score: 1 };
  }
  const wordsA = new Set(contentWords(extractNewText(a.text)));
  const wordsB = new Set(contentWords(extractNewText(b.text)));
  if (wordsA.size < MIN_CONTENT_WORDS || wordsB.size < MIN_CONTENT_WORDS) return { same: false, by: null, score: 0 };
  const score = overlap(wordsA, wordsB);
  return score >= (options.threshold ?? REPEAT_THRESHOLD) ? { same: true, by: 'body', score } : { same: false, by: null, score };
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.size;
}
