/**
 * The language a customer writes in, French or English, for the correspondence. Support mail is
 * short and full of names and numbers, where statistical detectors (franc, tinyld) often
 * hesitate between neighbours; counting a few frequent function words of each language is enough
 * to choose between the two this desk answers in, and explains itself.
 */
const FRENCH = ['le', 'la', 'les', 'des', 'une', 'un', 'est', 'je', 'mon', 'ma', 'mes', 'pas', 'que', 'qui', 'pour', 'avec', 'sur', 'dans', 'vous', 'votre', 'bonjour', 'merci', 'cordialement', 'et', 'du', 'au', 'ne', 'ai', 'suis', 'mais'];
const ENGLISH = ['the', 'a', 'an', 'is', 'i', 'my', 'not', 'that', 'which', 'for', 'with', 'on', 'in', 'you', 'your', 'hello', 'hi', 'thanks', 'regards', 'and', 'of', 'to', 'have', 'am', 'but', 'it', 'was', 'please', 'dear'];

// The language of each function word (the two lists share none): one look-up per word.
const LANGUAGE_OF = new Map<string, 'fr' | 'en'>([...FRENCH.map((w) => [w, 'fr'] as const), ...ENGLISH.map((w) => [w, 'en'] as const)]);
// Longer words are none of them: they are not even looked up.
const LONGEST_WORD = Math.max(...[...FRENCH, ...ENGLISH].map((w) => w.length));
// The characters of a word, once lower-cased: a-z, the French accented letters, œ and "'".
const WORD_CHARACTERS = "abcdefghijklmnopqrstuvwxyzàâçéèêëîïôûùüÿœ'";
const IS_WORD_CHARACTER = new Uint8Array(0x154);
for (const c of WORD_CHARACTERS) IS_WORD_CHARACTER[c.charCodeAt(0)] = 1;

/** 'fr' or 'en'; French (the desk's default) when the text says too little. */
export function detectLanguage(text: string | null, fallback: 'fr' | 'en' = 'fr'): 'fr' | 'en' {
  if (!text) return fallback;
  let fr = 0;
  let en = 0;
  // The words are the runs of WORD_CHARACTERS of the lower-cased text. Scanned by hand rather than
  // with split(): a mail has hundreds of words and only short ones need a string and a look-up.
  const lower = text.toLowerCase();
  let start = 0;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : -1;
    if (code >= 0 && code < IS_WORD_CHARACTER.length && IS_WORD_CHARACTER[code] === 1) continue;
    if (i > start && i - start <= LONGEST_WORD) {
      const language = LANGUAGE_OF.get(lower.slice(start, i));
      if (language === 'fr') fr++;
      else if (language === 'en') en++;
    }
    start = i + 1;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
