/**
 * The fast path shared by the two folding functions (./fold-text.ts and ../../classify/fold.ts).
 *
 * Why: every line of every message is folded, often by several rules, and for short lines
 * Unicode normalisation (`String.prototype.normalize`), the `\p{M}` pass and the other regular
 * expressions cost several times what the folding itself does. Nearly all the mail this desk
 * reads is Latin script, and up to the collapsing of white space both foldings work character by
 * character. So the folding of each Latin letter, combining diacritic, Latin-1 sign and general
 * punctuation character is computed once, by the folding function itself, and a text made only
 * of such characters is folded in one pass by looking its non-ASCII characters up in that table:
 * the result is the same by construction. Any other text (Greek, whose capital sigma lower-cases
 * by context, Cyrillic, CJK, emoji, full-width forms…) goes through the folding function as before.
 */

/** Code point ranges folded by table besides ASCII: Latin-1 Supplement, Latin Extended-A and -B,
 * Combining Diacritical Marks, Latin Extended Additional, General Punctuation. */
const TABLED_RANGES: readonly (readonly [number, number])[] = [
  [0x0080, 0x024f],
  [0x0300, 0x036f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
];
const TABLE_SIZE = 0x2070;
const BACKTICK = /`/g;
const WHITE_SPACE_RUN = /\s+/g;
const WHITE_SPACE = /\s/;
const SPACE = 0x20;

/**
 * The folding whose character-by-character part is `foldCharacters`: `foldCharacters(text)` with
 * every run of white space made one space, and trimmed. `foldCharacters` must fold each character
 * independently of its neighbours (true of normalisation followed by mark removal, lower-casing
 * outside Greek, and replacements of single characters) and fold ASCII as lower-casing and "`"
 * as "'"; the table is checked when it is built.
 */
export function withLatinFastPath(foldCharacters: (text: string) => string): (text: string) => string {
  for (let code = 0; code < 0x80; code++) {
    const c = String.fromCharCode(code);
    if (foldCharacters(c) !== (c === '`' ? "'" : c.toLowerCase())) throw new Error(`latin-fold: U+${code.toString(16)} is not folded as ASCII is`);
  }
  // The folding of each tabled character (null: not tabled), and whether it may make white space
  // collapse (it is or holds white space, or it vanishes and may bring two spaces together).
  const folds: (string | null)[] = new Array<string | null>(TABLE_SIZE).fill(null);
  const mayCollapse: boolean[] = new Array<boolean>(TABLE_SIZE).fill(false);
  for (const [from, to] of TABLED_RANGES) {
    for (let code = from; code <= to; code++) {
      const folded = foldCharacters(String.fromCharCode(code));
      // The fast path lower-cases and replaces "`" after the look-up: that must not change a folded character.
      if (folded.toLowerCase() !== folded || folded.includes('`')) throw new Error(`latin-fold: U+${code.toString(16)} cannot be tabled`);
      folds[code] = folded;
      mayCollapse[code] = folded === '' || WHITE_SPACE.test(folded);
    }
  }

  return (text) => {
    // One pass: look non-ASCII characters up, and note which of the remaining steps have
    // anything to do (most lines need no lower-casing beyond a capital or two, and no collapsing).
    let folded = '';
    let copiedTo = 0;
    let upper = false;
    let backtick = false;
    let collapse = false;
    let afterSpace = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === SPACE) {
        if (afterSpace) collapse = true;
        afterSpace = true;
        continue;
      }
      afterSpace = false;
      if (code < 0x80) {
        if (code >= 0x41 && code <= 0x5a) upper = true;
        else if (code === 0x60) backtick = true;
        else if (code >= 0x09 && code <= 0x0d) collapse = true;
        continue;
      }
      const replacement = (code < TABLE_SIZE ? folds[code] : null) ?? null;
      if (replacement === null) return collapseWhiteSpace(foldCharacters(text));
      folded += text.slice(copiedTo, i) + replacement;
      copiedTo = i + 1;
      if (mayCollapse[code]) collapse = true;
    }
    folded = copiedTo === 0 ? text : folded + text.slice(copiedTo);
    if (upper) folded = folded.toLowerCase();
    if (backtick) folded = folded.replace(BACKTICK, "'");
    if (collapse) folded = folded.replace(WHITE_SPACE_RUN, ' ');
    return folded.trim();
  };
}

/** Runs of white space as one space, trimmed: the last step of both foldings. */
function collapseWhiteSpace(text: string): string {
  return text.replace(WHITE_SPACE_RUN, ' ').trim();
}
