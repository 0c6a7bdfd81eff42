/**
 * Subject normalisation for repeat detection (DESIGN 3.2, step 3): two subjects name the same
 * problem when they are equal once reply/forward/reminder prefixes, case-reference tags, case,
 * accents and end punctuation are gone. Written by hand: the mail libraries we use (mailparser,
 * email-reply-parser, planer) do not normalise subjects, and the reminder prefixes customers
 * type ("Relance 2 :", "2ème envoi -", "Toujours pas de réponse -") are specific to this desk.
 */
import { foldText, foldedWords } from './fold-text.ts';

// Everything below runs on folded text (lower case, no accents, ' for apostrophes), so "Réf",
// "REF" and "ref" are one case, and "Transféré" is "transfere".

// A case reference such as [SC-2026-000042], anywhere: our own acknowledgement puts it in the
// subject, and replies keep it wherever the client moved it.
const CASE_REFERENCE_TAG = /\[\s*[a-z]{2,5}-\d{4}-\d{6}\s*\]/g;

// Reply and forward prefixes of the usual clients and languages: French (RE, Réf, TR, Transféré),
// English (RE, FW, Fwd), German Outlook (AW, WG), Nordic (SV, VS), Dutch (Antw), Italian (Rif,
// I), Spanish (RV, Enc), Polish (Odp, PD). Some clients count replies: "RE[2]:", "Re(3):", "Re^2:".
const REPLY_FORWARD = String.raw`(?:re|ref|tr|trans|transfere|transfert|fwd?|aw|wg|sv|vs|antw|rif|rv|enc|odp|pd)(?:\s*[[(]\s*\d+\s*[\])]|\^\d+)?\s*:`;

// Reminder wording that customers put in front of a subject they send again. Each needs an
// explicit separator after it (colon, dash, exclamation marks) so that a subject that merely
// starts with the word ("Rappel de mes gains", "Urgent besoin d'aide") keeps it.
const ORDINAL = String.raw`(?:\d+\s*(?:e|er|ere|eme|ieme|nd|nde|rd|th|st)?|nouvel|nouveau|nouvelle|dernier|derniere|second|seconde|deuxieme|troisieme|quatrieme|ultime|2nd|3rd|third|final|last|another|new)`;
const REMINDER_NOUN = String.raw`(?:relance|envoi|rappel|demande|message|mail|courriel|request|reminder|notice|attempt)`;
const REMINDER_WORDS = [
  String.raw`relance(?:\s*(?:n\s*[°o.]?\s*)?\d+)?(?:\s+urgente?)?`,
  String.raw`${ORDINAL}\s+${REMINDER_NOUN}`,
  String.raw`(?:tres\s+)?urgente?(?:\s+urgente?)*`,
  'important',
  'rappel',
  'reminder',
  String.raw`follow[\s-]?up`,
  'suivi',
  String.raw`toujours\s+(?:pas|sans|aucune?)\s+(?:de\s+)?reponses?`,
  String.raw`(?:sans|pas\s+de)\s+reponses?`,
  String.raw`still\s+no\s+(?:answer|reply|response)`,
  String.raw`no\s+(?:answer|reply|response)(?:\s+yet)?`,
].join('|');
const SEPARATOR = String.raw`\s*(?::|!+\s*:?|-{1,2}|\u2013|\u2014)`;

// Bracketed tags that gateways and filters put in front (Microsoft 365 "[EXTERNAL]", SpamAssassin
// "[SPAM?]", "***SPAM***") or customers add ("(URGENT)").
const TAG = String.raw`(?:\[\s*(?:external|externe|ext|spam\??|suspected\s+spam|suspicious|caution|warning|attention|urgent|important)\s*\]|\*{1,3}\s*spam\s*\*{1,3}|\(\s*(?:urgent|urgente|relance|rappel|important)\s*\))`;

const LEADING_PREFIX = new RegExp(String.raw`^(?:${TAG}|${REPLY_FORWARD}|(?:${REMINDER_WORDS})${SEPARATOR})\s*`);

// The same reminder wording as a suffix: "Mon retrait - RELANCE", "Mon retrait (2ème envoi)".
const TRAILING_REMINDER = new RegExp(String.raw`\s*(?:[-\u2013\u2014:]\s*|\(\s*)(?:${REMINDER_WORDS})\s*\)?[\s!.]*$`);

// Punctuation and symbols at either end ("!!", "...", "?", quotes, emoji) say nothing about the
// problem.
const END_PUNCTUATION = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * The subject reduced to what names the problem: reply/forward/reminder prefixes removed however
 * deeply nested (`'Relance : RE: Tr: Mon retrait n’est pas arrivé !!'` and
 * `'mon retrait n'est pas arrive'` give the same string), case-reference tags such as
 * `[SC-2026-000042]` removed wherever they are, then folded (case, accents, apostrophes, white
 * space) and trimmed of punctuation at the ends. `null` and a subject of prefixes only give `''`.
 */
export function normaliseSubject(subject: string | null): string {
  if (subject === null) return '';
  let s = foldText(subject).replace(CASE_REFERENCE_TAG, ' ').replace(/\s+/g, ' ').trim();
  // One change per round, prefixes first: stripping end punctuation while a "[EXTERNAL]" tag
  // leads would eat its bracket and leave the tag in place.
  for (;;) {
    const next = [LEADING_PREFIX, TRAILING_REMINDER, END_PUNCTUATION]
      .map((re) => s.replace(re, ''))
      .find((t) => t !== s);
    if (next === undefined) return s;
    s = next;
  }
}

// Whole normalised subjects that say nothing about the problem: empty-subject placeholders of mail
// clients and the generic openings and categories customers type.
const GENERIC_SUBJECTS = new Set([
  '', 'no subject', 'sans objet', 'pas d\'objet', 'aucun objet', '(aucun objet)', 'sans sujet', 'untitled',
  'kein betreff', 'formulaire de contact', 'contact form', 'nouveau message', 'new message',
  'message depuis le site', 'message from website', 's\'il vous plait', 'svp',
]);

// Words that, when a subject is made only of them, leave it generic: greetings, request and
// complaint categories, "problem", "account", "urgent", and the small words between them. "Demande
// de retrait" stays specific ("retrait" is not here); "Problème avec mon compte" is generic: the
// same customer may write it about a password and, later, about closing the account.
const GENERIC_WORDS = new Set([
  // greetings and courtesy
  'bonjour', 'bonsoir', 'salut', 'hello', 'hi', 'hey', 'dear', 'madame', 'monsieur', 'mesdames', 'messieurs',
  'merci', 'thanks', 'thank', 'please', 'svp', 'stp', 'cordialement',
  // kinds of message
  'question', 'questions', 'demande', 'demandes', 'request', 'requests', 'reclamation', 'reclamations',
  'plainte', 'plaintes', 'complaint', 'complaints', 'claim', 'contact', 'contacter', 'formulaire', 'form',
  'message', 'messages', 'mail', 'email', 'e', 'courriel', 'info', 'infos', 'information', 'informations',
  'renseignement', 'renseignements', 'aide', 'help', 'support', 'assistance', 'service', 'client', 'clients',
  'customer', 'serviceclient', 'sav', 'probleme', 'problemes', 'problem', 'problems', 'issue', 'souci',
  'soucis', 'urgent', 'urgente', 'important', 'test', 'subject', 'objet', 'sujet', 'nouveau', 'nouvelle',
  'compte', 'comptes', 'account', 'mon', 'ma', 'mes', 'my', 'votre', 'vos', 'your', 'site', 'website',
  // small words
  'de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'un', 'une', 'a', 'au', 'aux', 'avec', 'sur', 'pour', 'et',
  'en', 'concernant', 'about', 'regarding', 're', 'with', 'on', 'for', 'the', 'an', 'of', 'to', 'and', 'from',
  'web', 'internet', 'ligne', 'online', 'general', 'generale', 'autre', 'other', 'divers',
]);

/**
 * Whether an already normalised subject (see {@link normaliseSubject}) is too generic to identify a
 * problem on its own: empty, a client's "(no subject)", or made only of greetings, request
 * categories and small words ("Bonjour", "Question", "Réclamation", "Formulaire de contact",
 * "Problème avec mon compte"). Two mails both titled "Bonjour" are not the same problem on the
 * subject alone. `extra` adds whole subjects to treat as generic (e.g. the fixed subject of the
 * site's contact-form mailer), normalised the same way.
 */
export function isGenericSubject(normalised: string, extra: Iterable<string> = []): boolean {
  if (GENERIC_SUBJECTS.has(normalised)) return true;
  for (const e of extra) if (normaliseSubject(e) === normalised) return true;
  const words = foldedWords(normalised);
  // Only digits or single letters ("1", "?", "a b") name nothing either.
  if (words.every((w) => GENERIC_WORDS.has(w) || w.length < 2 || /^\d+$/.test(w))) return true;
  return false;
}
