import { detectAutoReply } from './auto-reply.ts';
import { detectBounce, type Bounce } from './bounce.ts';
import { parseContactForm, type ContactForm } from './contact-form.ts';
import { firstAddress, type MessageFacts } from './message-facts.ts';

/**
 * What an inbound message is, for threading (DESIGN 3.2): a delivery notice, an auto-reply, a
 * contact-form message or a customer writing. Only the last two may open a case.
 */
export type Classification =
  | ({ kind: 'bounce' } & Bounce)
  | { kind: 'auto-reply'; reason: string }
  | { kind: 'contact-form'; form: ContactForm }
  | { kind: 'customer' };

/** What classification needs from the configuration (DESIGN 5.3). */
export interface ClassifyOptions {
  /** CONTACT_FORM_SENDERS: the form mailer's From addresses. */
  contactFormSenders: string[];
  /** SUPPORT_ADDRESS: the desk's own address, the From of everything Guichet sends. */
  supportAddress: string;
}

/**
 * Classifies a message, first match wins:
 * 1. a contact-form message, From one of `contactFormSenders`: the configured sender is trusted
 *    before any heuristic. A form mailer is a program — often `no-reply@`, with
 *    `Auto-Submitted: auto-generated` or `Precedence: bulk` — and its descriptions hold the
 *    customer's words ("ce compte n'existe pas"), which bounce and auto-reply heuristics must
 *    not get to drop. Notices about mail go to the form's envelope sender, never come from it;
 * 2. a delivery notice (bounce.ts) — before auto-replies, because notices often carry
 *    `Auto-Submitted: auto-replied` too (RFC 3834 section 3.1.7 asks MTAs to), and a failed
 *    delivery must mark the outbound message;
 * 3. mail From the desk's own `supportAddress`: a loop (our own message coming back through a
 *    forward or an alias), an auto-reply with reason "from the desk's own address";
 * 4. an auto-reply (auto-reply.ts);
 * 5. otherwise a customer writing.
 */
export function classifyMessage(facts: MessageFacts, options: ClassifyOptions): Classification {
  const form = parseContactForm(facts, options.contactFormSenders);
  if (form) return { kind: 'contact-form', form };
  const bounce = detectBounce(facts);
  if (bounce) return { kind: 'bounce', ...bounce };
  const from = firstAddress(facts.from);
  const support = options.supportAddress.trim().toLowerCase();
  if (from !== null && support !== '' && from === support) return { kind: 'auto-reply', reason: "from the desk's own address" };
  const autoReply = detectAutoReply(facts);
  if (autoReply) return { kind: 'auto-reply', reason: autoReply.reason };
  return { kind: 'customer' };
}
