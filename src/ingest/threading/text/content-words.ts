/**
 * The words of a support mail that say what the problem is: folded (./fold-text.ts), without the
 * French and English function words and without the boilerplate every support mail carries
 * (greetings, thanks, "je vous relance", "toujours pas de réponse", "second request"), lightly
 * stemmed so that "refusé"/"refusée"/"refusés" and "gain"/"gains" are one word.
 *
 * The list is written here rather than taken from a stop-word package: the function words are a
 * short fixed list in two languages, and the follow-up boilerplate, which matters most (it is what
 * a repeat adds to the first mail), is specific to a support desk and in no such package.
 */
import { foldText, foldedWords } from './fold-text.ts';

const FUNCTION_WORDS = `a au aux avec ce ces cet cette c ca cela ceci celui celle dans de des du d elle elles en et eux
il ils je j la le les l leur leurs lui ma mais me m meme mes moi mon ne n ni nos notre nous on ou par pas pour qu que
quel quelle qui quoi sa se s ses son sur ta te t tes toi ton tu un une vos votre vous y est sont ai as avons avez ont
etre avoir fait faire ete etait suis es sommes etes sera va vais plus tres bien aussi donc alors car si tout toute
tous toutes rien depuis encore deja ici comme apres avant quand chez sans sous entre peu beaucoup
the an and or of to in on at for from by with as is are was were be been being am have has had having i me my mine
we us our you your it its this that these those there here not no do does did done can could would should will shall
may might must so if but about into out over than then too very just any some all what which who when why how`;

// Words of the follow-up and courtesy that a customer adds when writing again; they would make
// every repeat look alike, and every two mails of one customer too.
const BOILERPLATE = `bonjour bonsoir salut madame monsieur mesdames messieurs cher chere merci remercie remerciant
avance cordialement salutation salutations distinguees bonne journee soiree relance relancer relancais relances
renvoie renvoyer envoi envoye message messages mail mails email emails courriel reponse reponses repondre repondu
toujours aucun aucune attente attends attendre svp plait urgent urgente vite rapidement nouveau nouvelle fois
hello hi dear thanks thank regards best kind please still again second third request reminder follow following
up answer reply replied waiting wait urgent asap`;

const STOP_WORDS = new Set(`${FUNCTION_WORDS} ${BOILERPLATE}`.split(/\s+/));

/**
 * Light stemming, enough for the plural and feminine endings of French and English past
 * participles and nouns: a final s or x, then up to two final e, when the word stays longer than
 * four letters. Both sides of a comparison are stemmed alike, so the stems need not be words.
 */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && (w.endsWith('s') || w.endsWith('x'))) w = w.slice(0, -1);
  // Twice: the feminine past participle folds to "-ee" ("refusée" → "refusee" → "refus").
  for (let n = 0; n < 2 && w.length > 4 && w.endsWith('e'); n++) w = w.slice(0, -1);
  return w;
}

/**
 * The content words of `text`, in order, repeats kept: folded, stop words and follow-up
 * boilerplate removed, single letters removed (digits kept: amounts, dates and codes are what
 * tells two withdrawals apart), lightly stemmed.
 */
export function contentWords(text: string): string[] {
  return foldedWords(foldText(text))
    .filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w)))
    .map(stem);
}
