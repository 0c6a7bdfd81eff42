import type { Language } from './types.ts';

/**
 * The customer's own words around the problem: greetings, sign-offs, account mentions, and the
 * phrases of repeats and follow-ups (reminders, subject prefixes, generic subjects, forwards).
 */

type Phrases = Record<Language, readonly string[]>;

export const GREETINGS: Phrases = {
  fr: ['Bonjour,', 'Bonjour,', 'Bonjour Madame, Monsieur,', 'Madame, Monsieur,', 'Bonsoir,', 'Bonjour à vous,'],
  en: ['Hello,', 'Hi,', 'Dear Sir or Madam,', 'Hi there,', 'Good evening,'],
};

export const CLOSINGS: Phrases = {
  fr: ['Cordialement,', 'Bien cordialement,', 'Merci d’avance,', 'Dans l’attente de votre réponse,', 'Bien à vous,', 'Merci,'],
  en: ['Kind regards,', 'Regards,', 'Thanks in advance,', 'Many thanks,', 'Best wishes,', 'Thanks,'],
};

/** Opening lines that make a direct complaint explicit. */
export const COMPLAINT_OPENERS: Phrases = {
  fr: ['Je souhaite déposer une réclamation.', 'Je vous écris pour faire une réclamation.', 'Par la présente, je dépose une plainte.'],
  en: ['I would like to make a complaint.', 'I am writing to file a formal complaint.'],
};

export const ACCOUNT_INLINE: Phrases = {
  fr: ['Mon identifiant est {account}.', 'Identifiant joueur : {account}.', 'Pour info, mon identifiant : {account}'],
  en: ['My account ID is {account}.', 'Username: {account}.', 'For reference, my account is {account}.'],
};

export const ACCOUNT_SIGNATURE: Phrases = {
  fr: ['Identifiant : {account}', 'Identifiant joueur : {account}', 'Compte {account}'],
  en: ['Username: {account}', 'Account ID: {account}', 'Account {account}'],
};

/** Added to a repeat whose body is otherwise the same (reworded slightly). */
export const NUDGES: Phrases = {
  fr: [
    'Je vous relance car je n’ai eu aucune réponse à mon premier message.',
    'Je me permets de vous relancer.',
    'Deuxième envoi, faute de réponse.',
    'Je n’ai toujours pas de réponse, je renvoie donc ma demande.',
  ],
  en: ['I am chasing this up as my first message got no reply.', 'Sending this again as I have not heard back.', 'Second attempt, still no reply.'],
};

/** The start of a rewritten repeat: {firstDate}, {summary}, {waited}. */
export const REMINDERS: Phrases = {
  fr: [
    'Je vous ai écrit le {firstDate} au sujet de {summary} et je n’ai toujours aucune réponse.',
    'Voilà {waited} que j’attends une réponse concernant {summary}.',
    'Je reviens vers vous concernant {summary} : mon message du {firstDate} est resté sans réponse.',
  ],
  en: [
    'I wrote to you on {firstDate} about {summary} and I still have no answer.',
    'I have been waiting {waited} for a reply about {summary}.',
    'I am following up on {summary}: my message of {firstDate} went unanswered.',
  ],
};

export const PRESSURE: Record<'complaint' | 'request', Phrases> = {
  complaint: {
    fr: ['Sans réponse de votre part, je saisirai le médiateur des jeux en ligne.', 'C’est inadmissible de rester sans nouvelles.', 'Merci de traiter ma réclamation rapidement.'],
    en: ['Without an answer I will take this to the gaming mediator.', 'It is unacceptable to hear nothing back.', 'Please deal with my complaint quickly.'],
  },
  request: {
    fr: ['Merci de me répondre rapidement.', 'Merci de me tenir au courant.'],
    en: ['Please get back to me soon.', 'Please let me know.'],
  },
};

/** Subject prefixes of repeats sent without any threading header. */
export const REPEAT_PREFIXES: Phrases = {
  fr: ['Relance : ', 'RE: ', '2ème envoi : ', 'URGENT - ', 'Toujours pas de réponse - ', 'Relance - '],
  en: ['Still no answer: ', 'RE: ', 'Reminder: ', 'URGENT - ', 'Second request: '],
};

/** Subjects that say nothing of the problem. */
export const GENERIC_SUBJECTS: Phrases = {
  fr: ['Relance', 'Toujours en attente', 'Mon compte {account}', 'Demande', 'Aucune réponse', 'Suite à mon précédent message', 'Urgent', ''],
  en: ['Follow-up', 'Still waiting', 'My account {account}', 'Enquiry', 'No reply', 'Following my previous email', 'Urgent', ''],
};

export const FOLLOW_UP_OPENERS: Phrases = {
  fr: ['Je complète mon message :', 'Re-bonjour,', 'Petite précision :', 'Bonjour, je me permets de compléter mon message.', ''],
  en: ['Adding to my message:', 'Hello again,', 'One more thing:', ''],
};

export const FORWARD_NOTES: Phrases = {
  fr: ['Je vous renvoie mon message ci-dessous, toujours sans réponse.', 'Je vous transfère à nouveau ma demande.', 'Message renvoyé, merci de me répondre.'],
  en: ['I am resending my message below, still unanswered.', 'Forwarding my request again.'],
};

/** A line a customer adds to the form's description when sending it again. */
export const FORM_AGAIN: Phrases = {
  fr: ['Deuxième demande, la première est restée sans réponse.', 'Je renouvelle ma demande :', 'RELANCE'],
  en: ['Second request, the first one went unanswered.', 'Sending this again:'],
};

export const ATTACHMENT_LINES: Phrases = {
  fr: ['Je vous joins une capture d’écran.', 'Ci-joint le justificatif.', 'Voir pièce jointe.'],
  en: ['Please find a screenshot attached.', 'Attached is the proof.', 'See attachment.'],
};

/** How long the customer has been waiting: "3 jours" / "une semaine" / "3 days". */
export function waited(days: number, language: Language): string {
  if (language === 'fr') return days <= 1 ? 'plus d’une journée' : days >= 7 && days < 9 ? 'une semaine' : `${days} jours`;
  return days <= 1 ? 'over a day' : days >= 7 && days < 9 ? 'a week' : `${days} days`;
}
