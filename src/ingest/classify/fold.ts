/**
 * Text folding for matching words written by people: French and English mail writes the same
 * word with or without accents, in any case, with typographic apostrophes and non-breaking
 * spaces (French puts one before ":"). Every keyword match of this folder runs on folded text.
 */
import { withLatinFastPath } from '../threading/text/latin-fold.ts';

const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const LINE_BREAK = /\r\n?/g;

/**
 * The text lower-cased, without diacritics (NFD, combining marks removed: "Réclamation" →
 * "reclamation", "Œ" → "oe"), typographic apostrophes as `'`, and every run of white space
 * (non-breaking spaces and line breaks included) as one space, trimmed.
 */
export function fold(text: string): string {
  return foldLatinFast(text);
}

/** The character-by-character part of {@link fold}, everything but collapsing white space. */
function foldCharacters(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(APOSTROPHES, "'")
    .toLowerCase();
}

// Latin text is folded by table look-up, without normalising it (see latin-fold.ts).
const foldLatinFast = withLatinFastPath(foldCharacters);

/** The lines of a body, CRLF or LF, as written (not folded). */
export function linesOf(text: string): string[] {
  return (text.includes('\r') ? text.replace(LINE_BREAK, '\n') : text).split('\n');
}
