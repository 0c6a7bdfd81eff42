/**
 * The language a customer writes in, French or English, for the correspondence. Support mail is
 * short and full of names and numbers, where statistical detectors (franc, tinyld) often
 * hesitate between neighbours; counting a few frequent function words of each language is enough
 * to choose between the two this desk answers in, and explains itself.
 */
const FRENCH = new Set(['le', 'la', 'les', 'des', 'une', 'un', 'est', 'je', 'mon', 'ma', 'mes', 'pas', 'que', 'qui', 'pour', 'avec', 'sur', 'dans', 'vous', 'votre', 'bonjour', 'merci', 'cordialement', 'et', 'du', 'au', 'ne', 'ai', 'suis', 'mais']);
const ENGLISH = new Set(['the', 'a', 'an', 'is', 'i', 'my', 'not', 'that', 'which', 'for', 'with', 'on', 'in', 'you', 'your', 'hello', 'hi', 'thanks', 'regards', 'and', 'of', 'to', 'have', 'am', 'but', 'it', 'was', 'please', 'dear']);

/** 'fr' or 'en'; French (the desk's default) when the text says too little. */
export function detectLanguage(text: string | null, fallback: 'fr' | 'en' = 'fr'): 'fr' | 'en' {
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
