/**
 * fold and its Latin fast path (src/ingest/threading/text/latin-fold.ts): the fast path must
 * return exactly what the general folding returns. The reference below is fold as it was written
 * before the fast path existed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, linesOf } from '../../../src/ingest/classify/fold.ts';
import { FOLDING_SAMPLES, randomFoldingText, tabledCharacterTexts } from '../threading-text/folding-samples.ts';

function referenceFold(text: string): string {
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

describe('fold', () => {
  it('folds case, accents, œ/æ/ß, apostrophes and white space', () => {
    expect(fold('Réclamation')).toBe('reclamation');
    expect(fold('ŒUVRE cœur Æsir Straße')).toBe('oeuvre coeur aesir strasse');
    // NFD, not NFKD: compatibility forms and the letters NFD leaves whole stay.
    expect(fold('Øre Łódź ﬁn Ｔｅｓｔ ẞ')).toBe('øre łodz ﬁn ｔｅｓｔ ß');
    expect(fold('L’argent `dit´')).toBe("l'argent 'dit'");
    expect(fold('Identifiant\u00A0: PP123456\r\n')).toBe('identifiant : pp123456');
  });

  it.each(FOLDING_SAMPLES)('folds %j as the general folding does', (text) => {
    expect(fold(text)).toBe(referenceFold(text));
  });

  it('agrees on every tabled character, alone and next to the characters that interact with folding', () => {
    expect(tabledCharacterTexts().filter((text) => fold(text) !== referenceFold(text))).toEqual([]);
  });

  it('agrees on random text mixing Latin, marks, spaces and other scripts', () => {
    fc.assert(fc.property(randomFoldingText, (text) => fold(text) === referenceFold(text)), { numRuns: 5000 });
  });

  // category.ts folds a body line by line and joins the folded lines instead of folding the
  // joined text again: the two must be the same.
  it('folds a text as the non-blank folded lines joined by a space', () => {
    const joinedFolds = (text: string) => linesOf(text).map(fold).filter((line) => line !== '').join(' ');
    for (const text of [...FOLDING_SAMPLES, 'ΟΔΟΣ\nΣΟΦΟΣ', 'ΑΣ\nΒ', 'Α\nΣΒ', 'e\n\u0301x', ' a \n\n \u00A0\n b ', 'x\r\ny\rz', '\n', '']) {
      expect(joinedFolds(text)).toBe(fold(text));
    }
    const line = randomFoldingText.map((text) => text.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => joinedFolds(lines.join('\n')) === fold(lines.join('\n'))),
      { numRuns: 2000 },
    );
  });
});

describe('linesOf', () => {
  it('splits on CRLF, CR and LF', () => {
    expect(linesOf('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(linesOf('one line')).toEqual(['one line']);
    expect(linesOf('')).toEqual(['']);
  });
});
