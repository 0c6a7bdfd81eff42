import type { AutoReplyStyle } from './case-plan.ts';
import type { CaseState, Composed } from './case-state.ts';
import { plainTypography } from './catalogue.ts';
import { DAY_MS, dayMonth, offsetMinutes, rfc5322Date } from './dates.ts';
import { deskAck } from './desk-ack.ts';
import { deliveryHeaders, uniqueId, type MailboxContext } from './envelope.ts';
import { CLIENTS } from './mail-clients.ts';
import { encodeUnstructured, formatAddress, headerField } from './mime-encoding.ts';
import { assembleMessage, textPart } from './mime-parts.ts';
import { signatureName } from './people.ts';

/**
 * Out-of-office replies from a customer's mailbox to the desk's acknowledgement: flagged by
 * RFC 3834 Auto-Submitted, or by X-Autoreply, or only by the subject "Réponse automatique : …" /
 * "Automatic reply: …". They belong to no case.
 */

const BODIES = {
  fr: [
    'Bonjour,\n\nJe suis absent(e) du bureau jusqu’au {until} inclus, sans accès à ma messagerie.\nVotre message sera traité à mon retour.\n\nCordialement,\n{name}',
    'Merci pour votre message.\nJe suis actuellement en congés et serai de retour le {until}.\nJe vous répondrai dès que possible.\n\n{name}',
    'Bonjour,\n\nJe suis en déplacement jusqu’au {until} avec un accès limité à mes e-mails.\n\nBien à vous,\n{name}',
  ],
  en: [
    'Hello,\n\nI am out of the office until {until} with no access to email. I will reply when I am back.\n\nKind regards,\n{name}',
    'Thank you for your email.\nI am currently on annual leave, returning on {until}.\n\n{name}',
  ],
};

const SUBJECTS: Record<AutoReplyStyle, { fr: readonly string[]; en: readonly string[] }> = {
  'auto-reply-auto-submitted': { fr: ['Réponse automatique : {orig}', 'Absent du bureau : {orig}', 'Absence du bureau'], en: ['Automatic reply: {orig}', 'Out of Office: {orig}', 'Out of office'] },
  'auto-reply-subject': { fr: ['Réponse automatique : {orig}'], en: ['Automatic reply: {orig}'] },
  'auto-reply-x-autoreply': { fr: ['Absence', 'Message d’absence', 'Re: {orig}'], en: ['Away from my desk', 'Re: {orig}'] },
};

export function autoReply(ctx: MailboxContext, state: CaseState, style: AutoReplyStyle, arrival: Date): Composed {
  const { random } = ctx;
  const c = state.planned.customer;
  const client = CLIENTS[c.client];
  const ack = deskAck(ctx, state, new Date(arrival.getTime() - random.int(20, 35) * 1000));
  const until = dayMonth(new Date(arrival.getTime() + random.int(2, 14) * DAY_MS), offsetMinutes(arrival, c.language), c.language);
  let text = random.pick(BODIES[c.language]).replace('{until}', until).replace('{name}', signatureName(random, c)) + '\n';
  if (!c.typographic) text = plainTypography(text);
  const subject = random.pick(SUBJECTS[style][c.language]).replace('{orig}', ack.subject);
  const threaded = style === 'auto-reply-auto-submitted' || (style === 'auto-reply-x-autoreply' && random.chance(0.6));
  const domain = c.email.slice(c.email.indexOf('@') + 1);
  const messageId = uniqueId(ctx, () => client.messageId(random, domain));
  const date = new Date(arrival.getTime() - random.int(1, 5) * 1000);
  const flags =
    style === 'auto-reply-auto-submitted'
      ? ['Auto-Submitted: auto-replied', ...(client.kind.startsWith('outlook') ? ['X-Auto-Response-Suppress: All'] : [])]
      : style === 'auto-reply-x-autoreply'
        ? ['X-Autoreply: yes']
        : [];
  const headers = [
    ...deliveryHeaders(ctx, style === 'auto-reply-auto-submitted' && random.chance(0.5) ? '' : c.fromAddress, client.relay(random, domain), arrival),
    headerField('From', formatAddress(c.displayName, c.fromAddress, client.charset, client.label)),
    `To: ${ctx.supportAddress}`,
    headerField('Subject', encodeUnstructured(subject, client.charset, client.label, client.subjectMode)),
    `Date: ${rfc5322Date(date, offsetMinutes(date, c.language))}`,
    `Message-ID: <${messageId}>`,
    ...(threaded ? [`In-Reply-To: <${ack.messageId}>`, `References: <${ack.messageId}>`] : []),
    ...flags,
  ];
  const body = textPart({ subtype: 'plain', text, charset: client.charset, label: client.label, transfer: client.transfer(random) });
  return {
    raw: assembleMessage(headers, body), messageId, scenario: style, subject, from: c.fromAddress, fromName: c.displayName, replyTo: null, text,
    inReplyTo: threaded ? ack.messageId : null, references: threaded ? [ack.messageId] : [], date, attachments: [], charset: client.charset,
  };
}
