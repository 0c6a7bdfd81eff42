import { findAddresses, isDaemonAddress, isPostmasterAddress } from './email-address.ts';
import { statusCode } from './delivery-status.ts';
import { fold, linesOf } from './fold.ts';

/**
 * What the human-readable text of a delivery notice says, for the many MTAs that send no
 * RFC 3464 delivery-status part (qmail, Exim, Gmail, Yahoo, old Exchange, Notes...): subjects
 * and phrases of notices in English, French and German, the failed recipients, the status code
 * and the returned original's Message-ID. Heuristics: bounce.ts uses them only together with a
 * sign that a mail system, not a person, wrote the message.
 */

/** Subjects of delivery notices (folded text, matched anywhere in the subject). */
const BOUNCE_SUBJECT = new RegExp(
  [
    'undeliver(?:ed|able)', // Postfix "Undelivered Mail Returned to Sender", Exchange "Undeliverable:"
    'returned (?:mail|to sender)',
    'delivery (?:status notification|failure|failed|notification|has failed|problem)',
    'mail delivery (?:failed|failure|status|error|problem)',
    'delivery status',
    'failure (?:notice|delivery)',
    'failed (?:delivery|mail)',
    'mail (?:failure|could not be delivered|system error)',
    'message (?:delivery has failed|not delivered|could not be delivered)',
    'could not (?:be )?deliver',
    'non-?deliver(?:y|able)',
    'nondeliverable',
    'delayed mail',
    'warning: (?:message .* delayed|could not send)',
    'error sending your mail',
    'returning message to sender',
    // French (Exchange, Orange, Free, Gmail FR)
    'non remis',
    'non distribu',
    'echec de (?:la )?(?:remise|distribution|livraison)',
    "notification d'etat de (?:la )?(?:remise|distribution)",
    'remise differee',
    'retourne a l.expediteur',
    // German, Dutch, Spanish, Italian (Exchange and common MTAs)
    'unzustellbar',
    'nicht zustellbar',
    'ubermittlungsstatus',
    'zustellung fehlgeschlagen',
    'onbestelbaar',
    'no se puede entregar',
    'non recapitabile',
    'не доставлено',
  ].join('|'),
);

/** Subjects of delay warnings (RFC 3464 Action: delayed, said in words). */
const DELAY_SUBJECT = /\(delay\)|delayed mail|still being retried|warning: message .* delayed|notification: (?:delayed|warning)|remise differee|retarde|verzogert/;

/** Sentences of delivery-failure notices (folded text). */
const FAILURE_PHRASE = new RegExp(
  [
    'could ?n.?o?t be delivered',
    'cannot be delivered',
    'could not deliver',
    'error (?:delivering|sending|transferring)',
    'unable to deliver',
    'not be delivered',
    "wasn't delivered",
    'was not delivered',
    'did not reach',
    'delivery (?:to the following recipients? (?:failed|has been delayed)|has failed|failed|of your message)',
    'failed permanently',
    'permanent (?:error|failure|fatal)',
    'fatal errors?',
    'following address(?:es)? failed',
    'user unknown|unknown user|no such user|recipient unknown|unknown recipient',
    'address not found|recipient not found|mailbox not found|does not exist|doesn.t exist',
    'mailbox (?:unavailable|full|is full)|over quota|quota exceeded',
    'recipient (?:address )?rejected',
    'undeliverable',
    'returned to sender',
    'not a member of this',
    'delayed|will (?:retry|continue trying|keep trying)|not yet been delivered|still trying',
    // French
    'echec de (?:la )?(?:remise|distribution)',
    'la remise a echoue',
    "n'a pas pu etre (?:remis|distribue|delivre|achemine)",
    'adresse (?:invalide|inconnue|introuvable)',
    'destinataire (?:inconnu|invalide|introuvable)',
    'utilisateur inconnu',
    "n'existe pas",
    'boite (?:aux lettres )?(?:pleine|saturee)',
    // German
    'unzustellbar',
    'konnte nicht zugestellt',
  ].join('|'),
);

/** Delay sentences: the MTA is still trying (RFC 3464 Action: delayed). */
const DELAY_PHRASE = /will (?:retry|continue trying|keep trying)|not yet been delivered|still (?:being )?(?:retried|trying)|this is (?:a|only a) warning|no action is required|delivery (?:to the following recipients? )?has been delayed|delivery .* delayed/;

/** Lines where a notice's own text ends and the returned original begins. */
const RETURNED_PART_START = new RegExp(
  [
    '^-+ ?this is a copy of the message',
    '^-+ ?below this line is a copy of the message',
    '^-* ?(?:original message|unsent message|returned message|message header|the header of the original message)',
    '^original message (?:headers|follows)',
    '^-+ ?original mail info',
    '^message headers follow',
    '^(?:return-path|received|dkim-signature|message-id|x-received|arc-seal):',
  ].join('|'),
);

/** Whether a subject is a delivery notice's. */
export function isBounceSubject(subject: string | null): boolean {
  return subject !== null && BOUNCE_SUBJECT.test(fold(subject));
}

/** Whether a subject announces a delay rather than a failure. */
export function isDelaySubject(subject: string | null): boolean {
  return subject !== null && DELAY_SUBJECT.test(fold(subject));
}

/** The notice's own text: the body up to where the returned original starts. */
export function noticePart(text: string | null): string {
  if (!text) return '';
  const lines = linesOf(text);
  const out: string[] = [];
  for (const line of lines) {
    if (out.length > 0 && RETURNED_PART_START.test(fold(line))) break;
    out.push(line);
  }
  return out.join('\n');
}

/** Whether the notice text has a sentence of a delivery failure or delay. */
export function hasFailurePhrase(text: string | null): boolean {
  return FAILURE_PHRASE.test(fold(noticePart(text)));
}

/** Whether the notice text says the MTA is still trying. */
export function hasDelayPhrase(text: string | null): boolean {
  return DELAY_PHRASE.test(fold(noticePart(text)));
}

/**
 * The recipients a notice names: the addresses of its own text on a line with a failure
 * sentence or on the few lines after one (the usual layout: "The following address failed:"
 * then the address), else every address of its text; never the addresses in `exclude` (the
 * notice's sender and recipient, the original's sender) nor mail-system addresses.
 */
export function recipientsFromText(text: string | null, exclude: ReadonlySet<string>): string[] {
  const lines = linesOf(noticePart(text));
  const keep = (a: string): boolean => !exclude.has(a) && !isDaemonAddress(a) && !isPostmasterAddress(a);
  const near = new Set<string>();
  let window = 0;
  for (const line of lines) {
    if (FAILURE_PHRASE.test(fold(line))) window = 8;
    if (window > 0) {
      for (const a of findAddresses(line)) if (keep(a)) near.add(a);
      window -= 1;
    }
  }
  if (near.size > 0) return [...near];
  return findAddresses(lines.join('\n')).filter(keep);
}

/**
 * The RFC 3463 status code a notice's text gives: after an SMTP reply code (`550 5.1.1`,
 * `550-5.1.1`, `#5.1.1`), else alone; classes 4 and 5 only, so version numbers are not taken.
 */
export function statusFromText(text: string | null): string | null {
  const notice = noticePart(text);
  const afterReply = /\b[45]\d\d[ -]#?([45]\.\d{1,3}\.\d{1,3})(?!\.?\d)/.exec(notice) ?? /#([45]\.\d{1,3}\.\d{1,3})(?!\.?\d)/.exec(notice);
  if (afterReply?.[1]) return afterReply[1];
  const statusField = /^\s*status:\s*(\S+)/im.exec(notice);
  const fromField = statusCode(statusField?.[1]);
  if (fromField) return fromField;
  const alone = /(?<![\d.])([45]\.\d{1,3}\.\d{1,3})(?!\.?\d)/.exec(notice);
  return alone?.[1] ?? null;
}

/**
 * The recipient of the returned original when it had exactly one: its `To:` field, from the
 * returned headers or the copy at the end of the notice's text. The notice then surely reports
 * that address. Null otherwise.
 */
export function singleOriginalRecipient(returnedMessage: string | null, text: string | null): string | null {
  const source = returnedMessage ?? (text ? text.slice(noticePart(text).length) : '');
  const head = source.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').split(/\n[ \t]*\n/)[0] ?? '';
  const to = /^to:(.*(?:\n[ \t].*)*)/im.exec(head);
  const addresses = to ? findAddresses(to[1] ?? '') : [];
  return addresses.length === 1 ? (addresses[0] ?? null) : null;
}

/** The Message-ID a notice quotes from the original (`Message-ID: <…>` on a line of its text), without brackets. */
export function messageIdFromText(text: string | null): string | null {
  if (!text) return null;
  const m = /^[ \t>]*message-id:[ \t]*<?([^<>\s]+@[^<>\s]+?)>?[ \t]*$/im.exec(text);
  return m?.[1] ?? null;
}
