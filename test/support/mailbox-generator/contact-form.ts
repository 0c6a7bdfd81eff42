import { formCategory, type Problem } from './catalogue.ts';
import { numericDate, offsetMinutes, rfc5322Date } from './dates.ts';
import type { BuiltMessage } from './direct-mail.ts';
import { deliveryHeaders, uniqueId, type MailboxContext } from './envelope.ts';
import { encodeUnstructured, formatAddress, headerField } from './mime-encoding.ts';
import { assembleMessage, textPart } from './mime-parts.ts';
import type { Customer } from './people.ts';

/**
 * The site's contact form mailer (DESIGN 5.3): From the form's own address, the customer in
 * Reply-To, labelled fields in the body ("Catégorie : Plainte", "Nom :", "E-mail :",
 * "Identifiant :", "Date de l'événement :", "Description :"), English labels on the English site.
 */

const LABELS = {
  fr: { category: 'Catégorie', name: 'Nom', email: 'E-mail', account: 'Identifiant', date: "Date de l'événement", description: 'Description' },
  en: { category: 'Category', name: 'Name', email: 'Email', account: 'Username', date: 'Event date', description: 'Description' },
};

export interface FormDraft {
  customer: Customer;
  problem: Problem;
  /** What the customer typed in the description field. */
  description: string;
  /** The event date field (complaints); null leaves it empty. */
  eventDate: Date | null;
  arrival: Date;
  date: Date;
}

export interface BuiltForm extends BuiltMessage {
  subject: string;
  fromName: string;
  /** The customer as typed in the form's e-mail field and in Reply-To. */
  typedEmail: string;
}

export function buildFormMail(ctx: MailboxContext, d: FormDraft): BuiltForm {
  const { random } = ctx;
  const c = d.customer;
  const language = c.language;
  const l = LABELS[language];
  const formDomain = ctx.contactFormSender.slice(ctx.contactFormSender.indexOf('@') + 1);
  const typedEmail = random.chance(0.06) ? c.email.charAt(0).toUpperCase() + c.email.slice(1) : c.email;
  const typedName = random.weighted<string>([
    [`${c.firstName} ${c.lastName}`, 70],
    [`${c.lastName.toUpperCase()} ${c.firstName}`, 15],
    [`${c.firstName} ${c.lastName}`.toLowerCase(), 15],
  ]);
  const category = formCategory(d.problem, language);
  const offset = offsetMinutes(d.arrival, 'fr');
  const text = [
    `${l.category} : ${category}`,
    `${l.name} : ${typedName}`,
    `${l.email} : ${typedEmail}`,
    `${l.account} : ${c.account}`,
    d.eventDate ? `${l.date} : ${numericDate(d.eventDate, offsetMinutes(d.eventDate, language))}` : `${l.date} :`,
    `${l.description} :`,
    d.description.replace(/\s+$/, ''),
    '',
    '-- ',
    language === 'fr' ? `Message envoyé depuis le formulaire de contact de https://www.${formDomain}/contact` : `Sent from the contact form at https://www.${formDomain}/en/contact`,
    '',
  ].join('\n');
  const fromName = language === 'fr' ? 'Formulaire de contact' : 'Contact form';
  const subject = `${language === 'fr' ? 'Formulaire de contact' : 'Contact form'} - ${category}`;
  const stamp = new Date(d.date.getTime() + offset * 60_000).toISOString().replace(/\D/g, '').slice(0, 14);
  const messageId = uniqueId(ctx, () => `${stamp}.${random.hex(16)}@${formDomain}`);
  // PHPMailer switches to quoted-printable when a line is too long for 8bit transport rules.
  const transfer = text.split('\n').some((line) => Buffer.byteLength(line) > 76) ? 'quoted-printable' : '8bit';
  const headers = [
    ...deliveryHeaders(ctx, ctx.contactFormSender, { host: `web${random.int(1, 3)}.${formDomain}`, ip: `203.0.113.${random.int(10, 20)}` }, d.arrival),
    headerField('From', formatAddress(fromName, ctx.contactFormSender, 'utf-8', 'UTF-8')),
    headerField('Reply-To', formatAddress(typedName, typedEmail, 'utf-8', 'UTF-8')),
    `To: ${ctx.supportAddress}`,
    headerField('Subject', encodeUnstructured(subject, 'utf-8', 'UTF-8', 'Q')),
    `Date: ${rfc5322Date(d.date, offset)}`,
    `Message-ID: <${messageId}>`,
    'X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)',
  ];
  const body = textPart({ subtype: 'plain', text, charset: 'utf-8', label: 'UTF-8', transfer });
  return { raw: assembleMessage(headers, body), messageId, text, subject, fromName, typedEmail };
}
