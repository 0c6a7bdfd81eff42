/**
 * Texts for the tests that pin the folding functions' Latin fast path
 * (src/ingest/threading/text/latin-fold.ts) to their general definition: fold-text.test.ts and
 * ../classify/fold.test.ts.
 */
import fc from 'fast-check';

/** Texts of every kind the fast path must agree on, Latin or not. */
export const FOLDING_SAMPLES = [
  '',
  '   ',
  'Bonjour,',
  'Je n’ai toujours pas reçu mon virement.',
  'RÉCLAMATION — Élodie Lefèvre, « numéro » 12,50 €',
  'ŒUVRE cœur Æsir Straße Øre Łódź Đorđe ẞ',
  'L’argent l‘a `dit´ ‚ok‛ ′ ʼ ʻ ＇',
  'e\u0301te\u0301 a\u0300 c\u0327a n\u0303 o\u0308\u0304',
  'Prix\u00A0: 12\u202F€ ; x\u2003\u2009y\u200Az\u205Fw\u3000v\u1680u',
  'a\u200Bb\u00ADc\uFEFFd\u2060e\u200Cf\u200Dg',
  '  A \t B\r\n C\u2028D\u2029E\v\fF  ',
  'ﬁn ﬂeur Ｔｅｓｔ １２ ½ ² ™ … ‼',
  'ΟΔΟΣ ΣΟΦΟΣ Σ σ ς',
  'Привет, Мир',
  '你好 世界 在2026年11月3日，张三 写道：',
  '한국어 작성 ジ のメッセージ',
  'emoji 😀 ok \uD83D lone \uDC00 surrogates',
  'İstanbul I\u0307',
  'Ǆ ǅ ǆ Ǳ ŉ ſ ĳ Ĳ ŀ',
  'Ệ ẞ ẜ ẝ Ḁ ḁ',
  '\u20D2 combining outside Latin: a\u20D2 e\uFE0F',
];

/** Every character the fast path looks up (the ranges of latin-fold.ts). */
export const LATIN_FOLD_TABLED: string[] = [[0x80, 0x24f], [0x300, 0x36f], [0x1e00, 0x1eff], [0x2000, 0x206f]].flatMap(([from = 0, to = 0]) =>
  Array.from({ length: to - from + 1 }, (_, k) => String.fromCharCode(from + k)),
);

/** Characters that interact with folding: spaces (collapsing), vanishing characters, marks, capitals, "`", other scripts. */
export const FOLDING_NEIGHBOURS = [' ', '  ', '\t', '\n', '\u00A0', '\u2009', '\u200B', '\u00AD', '\u0301', 'A', 'z', 'É', '`', '’', 'œ', 'Σ', '😀'];

/** The texts `fold` is compared on for every tabled character: alone, doubled, and next to each neighbour. */
export function tabledCharacterTexts(): string[] {
  const texts: string[] = [];
  for (const c of LATIN_FOLD_TABLED) {
    texts.push(c, ` ${c} `, `x${c}x`, `${c}${c}`);
    for (const n of FOLDING_NEIGHBOURS) texts.push(n + c, c + n, ` ${c}${n} `, `a${n}${c}${n}b`);
  }
  return texts;
}

/** Random text mixing ASCII, Latin letters, marks, spaces, punctuation and other scripts. */
export const randomFoldingText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'aeiouAEIOU bcdXYZ.,;:!?\'"-`0123456789') },
      { weight: 4, arbitrary: fc.integer({ min: 0x80, max: 0x24f }).map((c) => String.fromCharCode(c)) },
      { weight: 2, arbitrary: fc.constantFrom('\u0300', '\u0301', '\u0308', '\u0327', '\u20D2', '\uFE0F') },
      { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\t', '\n', '\r', '\u00A0', '\u202F', '\u2003', '\u2028', '\u3000', '\u200B', '\uFEFF', '\u00AD') },
      { weight: 2, arbitrary: fc.integer({ min: 0x2000, max: 0x206f }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x1e00, max: 0x1eff }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom('Σ', 'σ', '\u2126', 'П', 'ж', '写', '작', 'ジ', 'ﬁ', 'Ａ', '½', '😀', '\uD800') },
    ),
    { maxLength: 40 },
  )
  .map((characters) => characters.join(''));
