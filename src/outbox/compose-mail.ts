import MailComposer from 'nodemailer/lib/mail-composer';

/** One message to a customer, rendered and addressed. */
export interface OutboundMail {
  from: { name: string; address: string };
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  /** Message-ID without angle brackets, on the desk's domain, chosen before sending and stored. */
  messageId: string;
  /** The customer message this answers, so it threads in their mail client (RFC 5322 3.6.4). */
  inReplyTo: string | null;
  references: string[];
  /** Automatic mail (acknowledgement, notices, interim updates) carries Auto-Submitted (RFC 3834 5). */
  automatic: boolean;
  date: Date;
  caseRef: string;
}

/**
 * The exact bytes that will be sent and archived. Composed once, in the transaction that queues
 * the mail, so a retry after a crash sends the same bytes with the same Message-ID.
 */
export async function composeMail(mail: OutboundMail): Promise<Buffer> {
  const headers: Record<string, string> = { 'X-Guichet-Case': mail.caseRef };
  if (mail.automatic) {
    // RFC 3834 5.1: automatic responses say so, so that other automatons do not answer them;
    // Exchange honours X-Auto-Response-Suppress instead (no out-of-office back to us).
    headers['Auto-Submitted'] = 'auto-replied';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.messageId}>`,
    date: mail.date,
    ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
    ...(mail.references.length > 0 ? { references: mail.references.map((id) => `<${id}>`) } : {}),
    headers,
    // Deterministic boundaries would not matter: the bytes are composed once and stored.
  });
  return composer.compile().build();
}
