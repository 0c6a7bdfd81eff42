import { fold, linesOf } from './fold.ts';

/**
 * Out-of-office wording, for auto-replies that carry no RFC 3834 header (old Exchange, Notes,
 * hand-made responders). Only two places count, because customers write the same words in
 * their own sentences ("je suis absent ce jour-là et mon pari…", "Absence de réponse à ma
 * réclamation", "I'm on holiday and cannot log in"):
 * - the start of the subject: the prefix a responder puts before the original subject
 *   ("Réponse automatique : …", "Automatic reply: …"), after gateway tags like "[EXTERNAL]";
 *   a "RE:" before it means a person answered an auto-reply, which is a person writing;
 * - the first line of the body (after a greeting line such as "Bonjour,"), and there only the
 *   sentences responders open with: "Je suis absent(e) du bureau / jusqu'au …", "I am out of
 *   the office", "This is an automatic reply" — not "absent" or "on vacation" alone.
 * Matching runs on folded text (fold.ts): accents and case do not matter.
 */

/** What may follow "je suis absent(e)" in a responder's first sentence. */
const ABSENT_FOLLOWED_BY =
  "(?:\\(e\\))?(?: du bureau| jusqu| a partir| du \\d| des le| depuis le| actuellement| et (?:ne |serai |pourrai |reviendrai |consulterai |de retour|n'aurai )| avec (?:un )?acces limite| cette semaine| aujourd'hui|\\s*\\.|\\s*$)";

/** Subject prefixes of auto-replies, French, English and a few others. */
const SUBJECT_PREFIX = new RegExp(
  '^(?:\\[[^\\]]*\\]\\s*)*(?:' +
    [
      'reponse automatique',
      "(?:message|avis|notification|reponse) d'absence",
      'absente? du bureau',
      'absence du bureau',
      "absente?(?:\\(e\\))?(?:\\s*[:(\\-–]|\\s*$|\\s+(?:jusqu|a partir|du \\d|des le|depuis le))",
      `je (?:suis|serai) (?:actuellement )?absente?${ABSENT_FOLLOWED_BY}`,
      'repondeur(?: automatique)?\\s*[:\\-]',
      'automatic (?:reply|response)',
      'auto(?:matic)?[- ]?(?:reply|response|responder|answer)\\b',
      'autoreply',
      'out of (?:the )?office',
      'out-of-office',
      'ooo\\s*[:\\-(]',
      'away from (?:the |my )?office',
      'on (?:annual )?leave\\s*[:\\-(]',
      'vacation (?:reply|response|notice|message)',
      'vacation\\s*:',
      'abwesenheitsnotiz',
      'abwesend\\s*[:\\-(]',
      'automatische antwort',
      'automatisch antwoord',
      'respuesta automatica',
      'risposta automatica',
      'autosvar',
    ].join('|') +
    ')',
);

/** Out-of-office wording anywhere in a subject (Lotus Notes: "Jean Dupont is out of the office."). */
const SUBJECT_ANYWHERE = /\bis (?:currently )?out of (?:the )?office\b|\best (?:actuellement )?absente?(?:\(e\))? (?:du bureau|jusqu)/;

/** Sentences auto-replies open with (folded text). */
const FIRST_LINE = new RegExp(
  [
    `\\bje (?:suis|serai) (?:actuellement |en ce moment |momentanement )?absente?${ABSENT_FOLLOWED_BY}`,
    '\\b(?:absente?|en dehors|hors) du bureau\\b',
    "\\bmessage d'absence\\b",
    '\\b(?:ceci est une|je vous envoie une) reponse automatique\\b',
    '^reponse automatique\\b',
    "\\bi(?: am|'m| will be) (?:currently )?(?:out of (?:the )?office|away from (?:the |my )?(?:office|desk)|on (?:annual |parental |sick )?leave (?:until|from|till|and))",
    '\\bi(?: am|\'m) out of (?:the )?office\\b',
    '\\bout of (?:the )?office (?:until|from|till|through|on)\\b',
    '\\bthis is an? automat(?:ic|ed)(?:ally generated)? (?:reply|response|message|notification)\\b',
    '^(?:automatic reply|auto-?reply)\\b',
    '\\bich bin (?:bis|vom|derzeit|zurzeit|momentan|nicht im buro|abwesend|im urlaub)\\b',
    '\\babwesenheitsnotiz\\b',
  ].join('|'),
);

/** A line that is only a greeting ("Bonjour,", "Hello Camille,", "Madame, Monsieur,"). */
const GREETING = /^(?:bonjour|bonsoir|salut|madame|monsieur|mesdames|messieurs|cher|chere|hello|hi|dear|good (?:morning|afternoon|evening)|greetings|hallo|guten tag)\b[^.!?]{0,40}[,!]?$/;

/** The out-of-office prefix of a subject, as folded text, or null. */
export function outOfOfficeSubject(subject: string | null): string | null {
  if (!subject) return null;
  const folded = fold(subject);
  const m = SUBJECT_PREFIX.exec(folded) ?? SUBJECT_ANYWHERE.exec(folded);
  return m ? m[0].replace(/^(?:\[[^\]]*\]\s*)*/, '').trim() : null;
}

/** The first two lines of a body that say something, folded; quoted lines (`>`) skipped. */
function openingLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of linesOf(text)) {
    const folded = fold(line);
    if (folded === '' || folded.startsWith('>')) continue;
    lines.push(folded);
    if (lines.length === 2) break;
  }
  return lines;
}

/**
 * The out-of-office sentence opening a body, as folded text, or null: searched in the first
 * line, and in the next one when the first is a greeting ("Bonjour," then "Je suis absente…").
 */
export function outOfOfficeFirstLine(text: string | null): string | null {
  const [first, second] = text ? openingLines(text) : [];
  if (first === undefined) return null;
  const m = FIRST_LINE.exec(first) ?? (GREETING.test(first) && second !== undefined ? FIRST_LINE.exec(second) : null);
  return m ? m[0].trim() : null;
}
