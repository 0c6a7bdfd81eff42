/**
 * detectLanguage. Its word scan is written by hand (one pass, short words only looked up); the
 * reference below is the split()-based version it replaced, which it must agree with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/cases/language.ts';

const FRENCH = new Set(['le', 'la', 'les', 'des', 'une', 'un', 'est', 'je', 'mon', 'ma', 'mes', 'pas', 'que', 'qui', 'pour', 'avec', 'sur', 'dans', 'vous', 'votre', 'bonjour', 'merci', 'cordialement', 'et', 'du', 'au', 'ne', 'ai', 'suis', 'mais']);
const ENGLISH = new Set(['the', 'a', 'an', 'is', 'i', 'my', 'not', 'that', 'which', 'for', 'with', 'on', 'in', 'you', 'your', 'hello', 'hi', 'thanks', 'regards', 'and', 'of', 'to', 'have', 'am', 'but', 'it', 'was', 'please', 'dear']);

function referenceDetectLanguage(text: string | null, fallback: 'fr' | 'en' = 'fr'): 'fr' | 'en' {
  if (!text) return fallback;
  let fr = 0;
  let en = 0;
  for (const word of text.toLowerCase().split(/[^a-zàâçéèêëîïôûùüÿœ']+/)) {
    if (FRENCH.has(word)) fr++;
    if (ENGLISH.has(word)) en++;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}

const TEXTS = [
  'Bonjour,\n\nJe n’ai toujours pas reçu mon virement. Merci de vérifier.\n\nCordialement,\nÉlodie',
  'Hello,\n\nI have not received my withdrawal. Please check it.\n\nKind regards,\nJames',
  "Bonjour, I am writing pour mon account. It est bloqué and je ne can pas log in.",
  "L'argent n'est pas arrivé : c'est la 3e fois. l'équipe qu'on m'a indiquée",
  'CORDIALEMENT. MERCI. BONJOUR. THE END. PLEASE.',
  'Œuvre cœur ŒUF — À bientôt ! Ça va ? Être ou ne pas être, telle est la question.',
  'anticonstitutionnellement cordialementcordialement thanksgiving iphone',
  'Subject: Retrait\nLe lun. 3 nov. 2026, Service <support@example.fr> a écrit :',
  '12345 678 90 — 😀 — 你好 — Привет',
  'İ a İs ǅ i ﬁ the',
  '',
];

describe('detectLanguage', () => {
  it('tells French from English by their function words', () => {
    expect(detectLanguage('Bonjour, je n’ai pas reçu mon retrait.')).toBe('fr');
    expect(detectLanguage('Hello, I have not received my withdrawal.')).toBe('en');
    expect(detectLanguage('PP123456 12/09/2026')).toBe('fr');
    expect(detectLanguage('PP123456 12/09/2026', 'en')).toBe('en');
    expect(detectLanguage(null, 'en')).toBe('en');
  });

  it.each(TEXTS)('agrees with the split() scan on %j', (text) => {
    expect(detectLanguage(text)).toBe(referenceDetectLanguage(text));
    expect(detectLanguage(text, 'en')).toBe(referenceDetectLanguage(text, 'en'));
  });

  it('agrees with the split() scan on random text', () => {
    const word = fc.oneof(
      fc.constantFrom(...FRENCH, ...ENGLISH, 'Le', 'THE', "l'", "n'est", 'œ', 'àâçéèêëîïôûùüÿ', 'x'),
      fc.string({ maxLength: 14 }),
    );
    const separator = fc.constantFrom(' ', '  ', ', ', '.\n', "'", '’', '-', '\u00A0', '😀', 'É');
    const text = fc.array(fc.tuple(word, separator), { maxLength: 30 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(text, fc.constantFrom<'fr' | 'en'>('fr', 'en'), (t, fallback) => detectLanguage(t, fallback) === referenceDetectLanguage(t, fallback)),
      { numRuns: 3000 },
    );
  });
});
