/**
 * foldText and its Latin fast path (src/ingest/threading/text/latin-fold.ts): the fast path
 * must return exactly what the general folding returns. The reference below is foldText as it
 * was written before the fast path existed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, foldedWords } from '../../../src/ingest/threading/text/fold-text.ts';
import { withLatinFastPath } from '../../../src/ingest/threading/text/latin-fold.ts';
import { FOLDING_SAMPLES, randomFoldingText, tabledCharacterTexts } from './folding-samples.ts';

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

function referenceFoldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđ]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC\u02BB\u00B4\u0060\uFF07]/g, "'")
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('foldText', () => {
  it('folds case, accents, ligatures, apostrophes, invisible characters and white space', () => {
    expect(foldText('Réclamation')).toBe('reclamation');
    expect(foldText('ŒUVRE cœur Æsir Straße Øre Łódź Đorđe')).toBe('oeuvre coeur aesir strasse ore lodz dorde');
    expect(foldText('L’argent `dit´')).toBe("l'argent 'dit");
    expect(foldText('Prix\u00A0: 12\u202F€')).toBe('prix : 12 €');
    expect(foldText('ﬁn Ｔｅｓｔ')).toBe('fin test');
    expect(foldText('e\u0301te\u0301')).toBe('ete');
    expect(foldText('a\u200Bb\u00ADc')).toBe('abc');
    expect(foldText('  A \t B\r\n C  ')).toBe('a b c');
    expect(foldText('ΟΔΟΣ')).toBe('οδος');
    expect(foldedWords(foldText("N'est-ce pas 12,50 ?"))).toEqual(['n', 'est', 'ce', 'pas', '12', '50']);
  });

  it.each(FOLDING_SAMPLES)('folds %j as the general folding does', (text) => {
    expect(foldText(text)).toBe(referenceFoldText(text));
  });

  it('agrees on every tabled character, alone and next to the characters that interact with folding', () => {
    expect(tabledCharacterTexts().filter((text) => foldText(text) !== referenceFoldText(text))).toEqual([]);
  });

  it('agrees on random text mixing Latin, marks, spaces and other scripts', () => {
    fc.assert(fc.property(randomFoldingText, (text) => foldText(text) === referenceFoldText(text)), { numRuns: 5000 });
  });
});

describe('withLatinFastPath', () => {
  it('refuses a folding it cannot table', () => {
    // ASCII must fold as lower-casing (and "`" as "'").
    expect(() => withLatinFastPath((text) => text.toUpperCase())).toThrow(/latin-fold/);
    // A folded character must be left alone by the lower-casing done after the look-up.
    expect(() => withLatinFastPath((text) => text.toLowerCase().replace(/`/g, "'").replace(/é/g, 'E'))).toThrow(/latin-fold/);
  });
});
