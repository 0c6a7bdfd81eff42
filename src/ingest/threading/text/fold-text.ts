/**
 * Folding of free text for comparison: the one place that decides which differences between two
 * spellings of the same words do not matter (case, accents, typographic apostrophes and spaces,
 * compatibility forms). Subject normalisation and body similarity both build on it, so a subject
 * and a body are folded the same way.
 */
import { withLatinFastPath } from './latin-fold.ts';

// Typographic apostrophes and quotes that mail clients and phones substitute for ' (macOS/iOS
// "smart punctuation", Word's autocorrect): the customer typed the same word.
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u02BB\u00B4\u0060\uFF07]/g;
// Combining marks left by NFKD: é → e + U+0301. \p{M} covers every script, not only Latin.
const COMBINING_MARKS = /\p{M}+/gu;
// Zero-width characters (joiners, BOM, soft hyphen, Gmail's tracking mark U+1427 is handled by
// callers that need it) that are invisible but break word equality.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// Letters that NFKD does not decompose but a French or German writer may type either way.
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };
const LIGATURE_RE = /[œæßøłđ]/g;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Folds `text` for comparison: compatibility decomposition (NFKD: non-breaking and narrow spaces
 * become spaces, full-width forms and ligatures like "ﬁ" their plain letters), combining marks
 * removed (é → e), lower case, œ/æ/ß spelled out, typographic apostrophes unified to `'`, invisible
 * characters removed and runs of white space collapsed to one space. Punctuation is kept: callers
 * decide what punctuation means for them.
 */
export function foldText(text: string): string {
  return foldLatinFast(text);
}

/** The character-by-character part of {@link foldText}, everything but collapsing white space. */
function foldCharacters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c)
    .replace(APOSTROPHES, "'")
    .replace(INVISIBLE, '');
}

// Latin text is folded by table look-up, without normalising it (see ./latin-fold.ts).
const foldLatinFast = withLatinFastPath(foldCharacters);

/**
 * The words of already folded text: runs of letters and digits. Apostrophes split words
 * ("n'est" → "n", "est") so that "l'argent" and "l argent" agree, and so do decimal commas and
 * points ("12,50" → "12", "50") whichever the customer used.
 */
export function foldedWords(folded: string): string[] {
  return folded.match(WORD) ?? [];
}
