/**
 * Text folding for matching words written by people: French and English mail writes the same
 * word with or without accents, in any case, with typographic apostrophes and non-breaking
 * spaces (French puts one before ":"). Every keyword match of this folder runs on folded text.
 */

/**
 * The text lower-cased, without diacritics (NFD, combining marks removed: "Réclamation" →
 * "reclamation", "Œ" → "oe"), typographic apostrophes as `'`, and every run of white space
 * (non-breaking spaces and line breaks included) as one space, trimmed.
 */
export function fold(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .toLowerCase();
  return folded.replace(/\s+/g, ' ').trim();
}

/** The lines of a body, CRLF or LF, as written (not folded). */
export function linesOf(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}
