import type { Address } from '../parsed-message.ts';
import { displayName, normaliseAccountId } from './customer-identity.ts';
import { findAddresses } from './email-address.ts';
import { parseEventDate } from './event-date.ts';
import { fold, linesOf } from './fold.ts';
import { firstAddress, type MessageFacts } from './message-facts.ts';

/**
 * Messages of the site's contact form (DESIGN 5.3): the form mailer sends from its own address
 * (configured in CONTACT_FORM_SENDERS) with the customer in Reply-To and labelled fields in the
 * body, in French or English:
 *
 *     Catégorie : Plainte            Category: Complaint
 *     Nom : Camille Martin           Name: Camille Martin
 *     E-mail : camille@example.fr    Email: camille@example.fr
 *     Identifiant : PP123456         Username: PP123456
 *     Date de l'événement : 12/09/2026   Event date: September 12, 2026
 *     Description :                  Description:
 *     (every line to the end)        (every line to the end)
 *
 * Labels are matched folded (fold.ts: accents, case, typographic apostrophes), with any spacing
 * before the colon (French puts a non-breaking space there), an optional `*` or "(optionnel)",
 * and the value on the same line or, when empty, on the next one. Fields may come in any order
 * and any may be missing; the description runs from its label to the end of the body (a
 * signature separator `-- ` ends it), so labels inside it stay text. A bare "Date :" is not
 * the event date: form mailers stamp their sending date that way.
 */

/** What the contact form says. Every field is null when the form does not give it. */
export interface ContactForm {
  /** The customer's address, lower-cased: the E-mail field, else Reply-To; never the form's own From. */
  customerEmail: string | null;
  customerName: string | null;
  /** The account identifier as a matching key (customer-identity.ts: upper-cased). */
  accountId: string | null;
  /** The category as chosen on the form, as written (category.ts maps it). */
  categoryLabel: string | null;
  eventDateText: string | null;
  /** The event date as UTC midnight of its day (event-date.ts), when the text gives one. */
  eventDate: Date | null;
  description: string | null;
}

type Field = 'category' | 'name' | 'firstName' | 'lastName' | 'email' | 'account' | 'eventDate' | 'description' | 'other';

/** Labels per field, folded. */
const LABELS: [Field, RegExp][] = [
  ['category', /^(?:categorie|category|motif(?: de (?:la |votre )?(?:demande|contact|reclamation))?|type de (?:demande|requete|probleme|reclamation)|request type|type of request|reason for contact|topic)$/],
  ['firstName', /^(?:prenom|first name|given name)$/],
  ['lastName', /^(?:nom de famille|last name|surname|family name)$/],
  ['name', /^(?:nom(?: complet| et prenom| prenom)?|prenom et nom|votre nom|name|full name|your name)$/],
  ['email', /^(?:e-?mail|courriel|mail|adresse (?:e-?mail|electronique|mail|de courriel)|votre (?:e-?mail|courriel|adresse e-?mail)|e-?mail address|your e-?mail(?: address)?)$/],
  [
    'account',
    /^(?:identifiant(?: client| joueur| de (?:connexion|compte))?|n[°ºo]\.? ?(?:de )?(?:client|compte)|numero (?:de )?(?:client|compte)|id client|pseudo|username|user ?name|user ?id|login|account(?: id| number| name)?|player id|customer (?:id|number))$/,
  ],
  ['eventDate', /^(?:date (?:de l'evenement|des faits|de l'incident|du probleme|de l'operation|du pari)|event date|date of (?:the )?(?:event|incident)|incident date)$/],
  ['description', /^(?:description(?: de (?:la demande|votre demande|l'incident|du probleme))?|message|votre message|your message|details?|detail de (?:la |votre )?demande|commentaires?|comments?|votre demande|your request)$/],
  ['other', /^(?:date|date d'envoi|sent|objet|sujet|subject|telephone|tel|phone|pays|country|langue|language|site|ip|url|page)$/],
];

/** The start of a labelled line: up to 40 characters of label, then a colon (ASCII or full-width). */
const LABELLED = /^[\s*_]*([^:：\n]{1,40}?)[\s*_]*[:：]/;

/** How much of a line is searched for a label: labels are short, and a bound keeps the regex linear. */
const LABEL_SEARCH_LENGTH = 100;

/** The label and value of a labelled line, or null. */
function labelled(line: string): { label: string; value: string } | null {
  const m = LABELLED.exec(line.slice(0, LABEL_SEARCH_LENGTH));
  return m ? { label: m[1] ?? '', value: line.slice(m[0].length).trim() } : null;
}

/** The field a label names, or null when it is not a form label. */
function fieldOf(label: string): Field | null {
  const folded = fold(label)
    .replace(/\([^)]*\)|\*/g, '')
    .trim();
  for (const [field, re] of LABELS) if (re.test(folded)) return field;
  return null;
}

/** The labelled fields of a body: first value of each field, and the description lines. */
function readFields(text: string): Map<Field, string> {
  const fields = new Map<Field, string>();
  const lines = linesOf(text);
  for (let i = 0; i < lines.length; i++) {
    const m = labelled(lines[i] ?? '');
    const field = m ? fieldOf(m.label) : null;
    if (!m || field === null) continue;
    let value = m.value;
    if (field === 'description') {
      const rest = [value, ...lines.slice(i + 1)];
      const end = rest.findIndex((l, k) => k > 0 && /^-- ?$/.test(l));
      fields.set(field, (end < 0 ? rest : rest.slice(0, end)).join('\n').trim());
      break;
    }
    if (value === '') {
      const next = lines[i + 1]?.trim() ?? '';
      const nextLabel = labelled(next);
      if (next !== '' && !(nextLabel && fieldOf(nextLabel.label) !== null)) {
        value = next;
        i += 1;
      }
    }
    if (value !== '' && !fields.has(field)) fields.set(field, value);
  }
  return fields;
}

/** The customer's name from the fields: "Nom", or "Prénom" and "Nom" together. */
function nameOf(fields: Map<Field, string>): string | null {
  const first = fields.get('firstName') ?? null;
  const last = fields.get('lastName') ?? fields.get('name') ?? null;
  if (first && last) return fold(last).includes(fold(first)) ? last : `${first} ${last}`;
  return first ?? last;
}

/** The customer's address: the E-mail field, else the first Reply-To that is not a form sender. */
function emailOf(fields: Map<Field, string>, replyTo: Address[], senders: Set<string>): string | null {
  const typed = findAddresses(fields.get('email') ?? '')[0];
  if (typed) return typed;
  const reply = replyTo.find((a) => a.address && !senders.has(a.address.toLowerCase()));
  return reply ? reply.address.toLowerCase() : null;
}

/**
 * The contact form a message carries, when its From address (lower-cased) is one of `senders`;
 * null for any other sender. From a form sender the result is always a form, its fields null
 * where the body does not give them — when no label is found at all, the whole body is the
 * description — so the form's own address is never taken for the customer. The customer's
 * email is the E-mail field, else Reply-To; the name the Name field(s), else Reply-To's
 * display name.
 */
export function parseContactForm(facts: MessageFacts, senders: string[]): ContactForm | null {
  const from = firstAddress(facts.from);
  const formSenders = new Set(senders.map((s) => s.trim().toLowerCase()).filter((s) => s !== ''));
  if (from === null || !formSenders.has(from)) return null;
  const text = facts.text ?? '';
  const fields = readFields(text);
  const replyName = facts.replyTo.map(displayName).find((n) => n !== null) ?? null;
  const eventDateText = fields.get('eventDate') ?? null;
  const description = fields.size === 0 ? text.trim() || null : fields.get('description') || null;
  return {
    customerEmail: emailOf(fields, facts.replyTo, formSenders),
    customerName: nameOf(fields) ?? replyName,
    accountId: normaliseAccountId(fields.get('account') ?? null, 'identifiant'),
    categoryLabel: fields.get('category') ?? null,
    eventDateText,
    eventDate: parseEventDate(eventDateText),
    description,
  };
}
