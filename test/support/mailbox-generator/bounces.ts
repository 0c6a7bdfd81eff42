import type { CaseState, Composed } from './case-state.ts';
import { offsetMinutes, rfc5322Date } from './dates.ts';
import { deskAck } from './desk-ack.ts';
import { deliveryHeaders, uniqueId, type MailboxContext } from './envelope.ts';
import { encodeUnstructured, headerField } from './mime-encoding.ts';
import { assembleMessage, multipart, rawPart, textPart } from './mime-parts.ts';
import type { Language } from './types.ts';

/**
 * Delivery status notifications (RFC 3464) for the desk's acknowledgement of a case: the desk's
 * own Postfix, a Gmail-like remote server, or a French ISP's server. multipart/report from
 * MAILER-DAEMON with the null Return-Path `<>`, the failed message's headers (its Message-ID on
 * the desk's domain) in the last part. They belong to no case.
 */

export interface BounceComposed extends Composed {
  language: Language;
}

type Kind = 'postfix' | 'gmail' | 'isp-fr';

export function bounce(ctx: MailboxContext, state: CaseState, arrival: Date): BounceComposed {
  const { random } = ctx;
  const c = state.planned.customer;
  const recipient = c.email;
  const domain = recipient.slice(recipient.indexOf('@') + 1);
  const kind: Kind = domain === 'gmail.example' ? 'gmail' : c.language === 'fr' && random.chance(0.4) ? 'isp-fr' : 'postfix';
  const language: Language = kind === 'isp-fr' ? 'fr' : 'en';
  const sentAt = new Date(arrival.getTime() - random.int(3, 90) * 1000);
  const ack = deskAck(ctx, state, sentAt);
  const offset = offsetMinutes(arrival, 'fr');
  // A mistyped address in the form bounces as unknown; a real customer's mailbox can be full.
  const unknown = state.planned.via === 'contact-form' || random.chance(0.3);
  const status = unknown ? '5.1.1' : '5.2.2';
  const smtp = unknown ? `550 5.1.1 <${recipient}>: Recipient address rejected: User unknown` : `552 5.2.2 <${recipient}>: Mailbox full, quota exceeded`;
  const mta = kind === 'postfix' ? `smtp.${ctx.deskDomain}` : kind === 'gmail' ? 'mx.google.com' : `mx${random.int(1, 4)}.${domain}`;
  const queueId = `4${random.chars(10, 'BCDFGHJKLMNPQRSTVWXZ0123456789')}`;
  const originalHeaders = [
    `From: Service Client <${ctx.supportAddress}>`,
    `To: ${recipient}`,
    headerField('Subject', encodeUnstructured(ack.subject, 'utf-8', 'UTF-8', 'Q')),
    `Date: ${rfc5322Date(sentAt, offset)}`,
    `Message-ID: <${ack.messageId}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ].join('\n');
  const status1 = [
    `Reporting-MTA: dns; ${mta}`,
    ...(kind === 'postfix' ? [`X-Postfix-Queue-ID: ${queueId}`, `X-Postfix-Sender: rfc822; ${ctx.supportAddress}`] : []),
    `Arrival-Date: ${rfc5322Date(sentAt, offset)}`,
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    'Action: failed',
    `Status: ${status}`,
    ...(kind === 'postfix' ? [`Remote-MTA: dns; mx.${domain}`] : []),
    `Diagnostic-Code: smtp; ${smtp}`,
  ].join('\n');
  const explanation =
    kind === 'isp-fr'
      ? `Ce message a été créé automatiquement par le serveur de messagerie.\n\nVotre message n’a pas pu être remis à un ou plusieurs destinataires :\n\n  ${recipient}\n  ${unknown ? 'Adresse inconnue' : 'Boîte aux lettres pleine'} (${status})\n\nLe message d’origine est joint à ce rapport.\n`
      : kind === 'gmail'
        ? `** ${unknown ? 'Address not found' : 'Message not delivered'} **\n\n${unknown ? `Your message wasn't delivered to ${recipient} because the address couldn't be found, or is unable to receive mail.` : `The recipient's inbox is full and can't accept messages now.`}\n\nThe response from the remote server was:\n${smtp}\n`
        : `This is the mail system at host smtp.${ctx.deskDomain}.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail to postmaster.\n\nIf you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n                   The mail system\n\n<${recipient}>: host mx.${domain}[198.51.100.${random.int(2, 250)}] said: ${smtp} (in\n    reply to RCPT TO command)\n`;
  const boundary = kind === 'gmail' ? `000000000000${random.hex(12)}` : `${queueId}.${Math.floor(arrival.getTime() / 1000)}/${mta}`;
  const headersPart =
    kind === 'gmail'
      ? rawPart(['Content-Type: message/rfc822'], `${originalHeaders}\n\n${state.planned.customer.language === 'fr' ? 'Bonjour,\n\nNous avons bien reçu votre demande.' : 'Hello,\n\nWe have received your request.'}\n`)
      : rawPart(['Content-Type: text/rfc822-headers', ...(kind === 'postfix' ? ['Content-Description: Undelivered Message Headers'] : [])], `${originalHeaders}\n`);
  const report = multipart(
    'report',
    boundary,
    [
      textPart({ subtype: 'plain', text: explanation, charset: 'utf-8', label: kind === 'gmail' ? 'UTF-8' : 'utf-8', transfer: kind === 'isp-fr' ? 'quoted-printable' : '8bit' }),
      rawPart(['Content-Type: message/delivery-status', ...(kind === 'postfix' ? ['Content-Description: Delivery report'] : [])], `${status1}\n`),
      headersPart,
    ],
    '; report-type=delivery-status',
  );
  const from = kind === 'gmail' ? 'mailer-daemon@googlemail.com' : `MAILER-DAEMON@${mta}`;
  const fromName = kind === 'gmail' ? 'Mail Delivery Subsystem' : kind === 'isp-fr' ? 'Service de messagerie' : 'Mail Delivery System';
  const subject = kind === 'gmail' ? 'Delivery Status Notification (Failure)' : kind === 'isp-fr' ? `Non remis : ${ack.subject}` : 'Undelivered Mail Returned to Sender';
  const messageId = uniqueId(ctx, () => (kind === 'gmail' ? `${random.hex(24)}.${random.hex(4)}@mx.google.com` : `${Math.floor(arrival.getTime() / 1000)}.${queueId}@${mta}`));
  const threaded = kind === 'gmail';
  const headers = [
    ...deliveryHeaders(ctx, '', { host: mta, ip: `198.51.100.${random.int(2, 250)}` }, arrival),
    headerField('From', `${fromName} <${from}>`),
    `To: ${ctx.supportAddress}`,
    headerField('Subject', encodeUnstructured(subject, 'utf-8', 'UTF-8', 'Q')),
    `Date: ${rfc5322Date(arrival, offset)}`,
    `Message-ID: <${messageId}>`,
    ...(threaded ? [`In-Reply-To: <${ack.messageId}>`, `References: <${ack.messageId}>`] : []),
    'Auto-Submitted: auto-replied',
  ];
  return {
    raw: assembleMessage(headers, report), messageId, scenario: 'bounce', subject, from, fromName, replyTo: null, text: explanation,
    inReplyTo: threaded ? ack.messageId : null, references: threaded ? [ack.messageId] : [], date: arrival, attachments: [], charset: 'utf-8', language,
  };
}
