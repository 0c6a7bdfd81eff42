import { describe, expect, it } from 'vitest';
import { detectBounce } from '../../../src/ingest/classify/bounce.ts';
import { readReport, statusCode } from '../../../src/ingest/classify/delivery-status.ts';
import { factsOf, mail } from './facts-of.ts';

/** The original message a desk sent, as MTAs return it. */
const ORIGINAL = [
  'Return-Path: <support@guichet.example>',
  'From: Guichet <support@guichet.example>',
  'To: camille.martin@example.fr',
  'Subject: [SC-2026-000042] Nous avons bien reçu votre demande',
  'Message-ID: <ack-42@guichet.example>',
  'Auto-Submitted: auto-replied',
  '',
  'Bonjour,',
].join('\n');

/** An RFC 6522 report with an RFC 3464 delivery-status part. */
function dsn(from: string, subject: string, notice: string, status: string, returned = ORIGINAL, returnedType = 'message/rfc822'): string {
  return [
    'Return-Path: <>',
    `From: ${from}`,
    'To: support@guichet.example',
    `Subject: ${subject}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="B1"',
    '',
    '--B1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    notice,
    '',
    '--B1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.fr',
    '',
    status,
    '',
    '--B1',
    `Content-Type: ${returnedType}`,
    '',
    returned,
    '',
    '--B1--',
    '',
  ].join('\n');
}

describe('detectBounce', () => {
  it('reads a Postfix DSN: failed recipient, original Message-ID, status', async () => {
    const raw = dsn(
      'MAILER-DAEMON@mx.example.fr (Mail Delivery System)',
      'Undelivered Mail Returned to Sender',
      'This is the mail system at host mx.example.fr.\n\nI\'m sorry to have to inform you that your message could not\nbe delivered to one or more recipients.',
      'Final-Recipient: rfc822; camille.martin@example.fr\nOriginal-Recipient: rfc822;camille.martin@example.fr\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <camille.martin@example.fr>: Recipient address rejected: User unknown',
    );
    expect(detectBounce(await factsOf(raw))).toEqual({
      reason: 'failed',
      evidence: 'delivery-status report (RFC 3464), Action: failed',
      failedRecipients: ['camille.martin@example.fr'],
      originalMessageId: 'ack-42@guichet.example',
      status: '5.1.1',
    });
  });

  it('reads an Exchange Online NDR (MicrosoftExchange sender, text/rfc822-headers)', async () => {
    const raw = dsn(
      'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.onmicrosoft.com>',
      'Undeliverable: [SC-2026-000042] Nous avons bien reçu votre demande',
      "Your message to john@example.co.uk couldn't be delivered.",
      'Final-Recipient: rfc822;john@example.co.uk\nAction: failed\nStatus: 5.4.1\nDiagnostic-Code: smtp;550 5.4.1 Recipient address rejected: Access denied.',
      ORIGINAL.split('\n\n')[0] ?? '',
      'text/rfc822-headers',
    );
    const bounce = detectBounce(await factsOf(raw));
    expect(bounce).toMatchObject({ reason: 'failed', failedRecipients: ['john@example.co.uk'], originalMessageId: 'ack-42@guichet.example', status: '5.4.1' });
  });

  it('reports a delayed DSN as a bounce with reason "delayed"', async () => {
    const raw = dsn(
      'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'Delivery Status Notification (Delay)',
      'Delivery incomplete. There was a temporary problem delivering your message. Gmail will retry for 46 more hours.',
      'Final-Recipient: rfc822; bob@example.de\nAction: delayed\nStatus: 4.4.1\nWill-Retry-Until: Tue, 1 Sep 2026 16:56:02 -0700 (PDT)',
    );
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'delayed', failedRecipients: ['bob@example.de'], status: '4.4.1' });
  });

  it('takes the failed recipients over delivered ones in a mixed report', async () => {
    const raw = dsn(
      'MAILER-DAEMON@mx.example.fr',
      'Delivery Status Notification',
      'Some recipients failed.',
      'Final-Recipient: rfc822; ok@example.fr\nAction: delivered\nStatus: 2.0.0\n\nFinal-Recipient: rfc822; gone@example.fr\nAction: failed\nStatus: 5.1.1',
    );
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'failed', failedRecipients: ['gone@example.fr'] });
  });

  it('reads an Exim bounce without a report part (and with Auto-Submitted)', async () => {
    const body = [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  camille.martin@example.fr',
      '    host mx.example.fr [192.0.2.5]',
      '    SMTP error from remote mail server after RCPT TO:<camille.martin@example.fr>:',
      '    550 5.1.1 <camille.martin@example.fr>: Recipient address rejected: User unknown',
      '',
      '------ This is a copy of the message, including all the headers. ------',
      '',
      ORIGINAL,
    ].join('\n');
    const raw = mail('Subject: Mail delivery failed: returning message to sender\nReturn-Path: <>\nAuto-Submitted: auto-replied', body, 'Mail Delivery System <Mailer-Daemon@mx.example.fr>');
    expect(detectBounce(await factsOf(raw))).toMatchObject({
      reason: 'failed',
      failedRecipients: ['camille.martin@example.fr'],
      originalMessageId: 'ack-42@guichet.example',
      status: '5.1.1',
    });
  });

  it('reads a Gmail text bounce', async () => {
    const body = [
      '** Address not found **',
      '',
      "Your message wasn't delivered to nobody.here@gmail.com because the address couldn't be found, or is unable to receive mail.",
      '',
      'The response from the remote server was:',
      '550 5.1.1 The email account that you tried to reach does not exist.',
      '',
      '----- Original message -----',
      '',
      'Message-ID: <ack-7@guichet.example>',
      'To: nobody.here@gmail.com',
    ].join('\n');
    const raw = mail('Subject: Delivery Status Notification (Failure)\nReturn-Path: <>', body, 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>');
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'failed', failedRecipients: ['nobody.here@gmail.com'], originalMessageId: 'ack-7@guichet.example', status: '5.1.1' });
  });

  it('reads a French Exchange "Non remis" from postmaster with an empty Return-Path', async () => {
    const body = [
      'Échec de la remise pour ces destinataires ou groupes :',
      '',
      'jean.dupont@example.fr',
      "L'adresse de messagerie que vous avez entrée est introuvable.",
      '',
      'Informations de diagnostic pour les administrateurs :',
      'Remote Server returned \'550 5.1.10 RESOLVER.ADR.RecipientNotFound\'',
    ].join('\n');
    const raw = mail('Subject: Non remis : [SC-2026-000042] Votre demande\nReturn-Path: <>', body, 'postmaster@example.fr');
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'failed', failedRecipients: ['jean.dupont@example.fr'], status: '5.1.10' });
  });

  it('reads a German "Unzustellbar" from a Mail Delivery System name with an empty Return-Path', async () => {
    const raw = mail('Subject: Unzustellbar: Ihre Anfrage\nReturn-Path: <>', 'Die Nachricht konnte nicht zugestellt werden an: max@example.de', 'Mail Delivery System <system@mail.example.de>');
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'failed', failedRecipients: ['max@example.de'] });
  });

  it('reads an Exim delay warning', async () => {
    const body = 'This message was created automatically by mail delivery software.\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on mx.example.org.\n\n  camille@example.org\n\nNo action is required on your part. Delivery attempts will continue for some time.';
    const raw = mail('Subject: Warning: message 1abc-0002 delayed 24 hours\nReturn-Path: <>\nAuto-Submitted: auto-replied', body, 'Mail Delivery System <Mailer-Daemon@mx.example.org>');
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'delayed', failedRecipients: ['camille@example.org'] });
  });

  it('reports an RFC 5965 feedback report with reason "feedback-report" and no failed recipient', async () => {
    const raw = [
      'From: <staff@hotmail.com>',
      'To: abuse@guichet.example',
      'Subject: complaint about message from 192.0.2.1',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="F"',
      '',
      '--F',
      'Content-Type: text/plain',
      '',
      'This is an email abuse report.',
      '--F',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: SomeGenerator/1.0',
      'Version: 1',
      '--F',
      'Content-Type: text/rfc822-headers',
      '',
      ORIGINAL.split('\n\n')[0] ?? '',
      '--F--',
      '',
    ].join('\n');
    expect(detectBounce(await factsOf(raw))).toMatchObject({ reason: 'feedback-report', failedRecipients: [], originalMessageId: 'ack-42@guichet.example' });
  });

  const notBounces: [string, string, string, string?][] = [
    ['a person forwarding a bounce', 'Subject: Fwd: Undelivered Mail Returned to Sender', 'Bonjour, votre mail ne passe pas :\n\nThe mail system: user unknown\n550 5.1.1'],
    ['an out-of-office reply sent with an empty Return-Path', 'Subject: Automatic reply: Your request\nReturn-Path: <>', 'I am out of the office. Your message will not be forwarded.'],
    ['a customer writing about a failed delivery', 'Subject: Mail delivery failed', 'Bonjour, votre e-mail de confirmation ne m’est jamais parvenu.'],
    ['a customer from postmaster@ with an ordinary subject', 'Subject: Question sur mon compte', 'Bonjour, je voudrais fermer mon compte.', 'postmaster@small-business.example'],
    ['a customer pasting delivery-status fields', 'Subject: Votre mail ne passe pas', 'Voici ce que je reçois :\n\nFinal-Recipient: rfc822; moi@example.fr\nAction: failed\nStatus: 5.1.1'],
    ['a customer complaint whose subject looks like a JMRP report', 'Subject: Complaint about message from 12/09', 'Your message of 12/09 was rude.'],
  ];
  it.each(notBounces)('%s is not a bounce', async (_name, headers, body, from) => {
    expect(detectBounce(await factsOf(mail(headers, body, from)))).toBeNull();
  });
});

describe('detectBounce and forwarded reports', () => {
  /** A multipart/mixed message carrying a delivery-status part, From `from`. */
  const mixed = (from: string, subject: string): string =>
    [
      `From: ${from}`,
      'To: support@guichet.example',
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="M"',
      '',
      '--M',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Delivery Status',
      '--M',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; gw.example.net',
      '',
      'Final-Recipient: rfc822; lost@example.net',
      'Action: failed',
      'Status: 5.1.1',
      '--M--',
      '',
    ].join('\n');

  it('reads a gateway notice with a report part outside multipart/report and "From: <>" (McAfee)', async () => {
    expect(detectBounce(await factsOf(mixed('<>', 'Delivery Status')))).toMatchObject({ reason: 'failed', failedRecipients: ['lost@example.net'] });
  });

  it('does not take a person forwarding a report part inline for a bounce', async () => {
    expect(detectBounce(await factsOf(mixed('Camille Martin <camille.martin@example.fr>', 'TR: Delivery Status')))).toBeNull();
  });
});

describe('readReport (RFC 3464)', () => {
  it('reads per-recipient blocks with folded fields and comments', () => {
    const report = readReport('Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: RFC822;\r\n  <A.B@Example.FR>\r\nAction: Failed (permanent)\r\nStatus: 5.2.2 (mailbox full)\r\n');
    expect(report.recipients).toEqual([{ recipient: 'a.b@example.fr', action: 'failed', status: '5.2.2' }]);
  });

  it('reads RFC 5965 and RFC 8098 markers', () => {
    expect(readReport('Feedback-Type: abuse\nVersion: 1').feedbackType).toBe('abuse');
    expect(readReport('Disposition: automatic-action/MDN-sent-automatically; displayed\nOriginal-Message-ID: <x@y>')).toMatchObject({ disposition: 'automatic-action/mdn-sent-automatically; displayed', originalMessageId: 'x@y' });
  });

  it('keeps only RFC 3463 codes as status', () => {
    expect(statusCode('5.1.1')).toBe('5.1.1');
    expect(statusCode('4.4.7 (delivery time expired)')).toBe('4.4.7');
    expect(statusCode('5.1.1.2')).toBeNull();
    expect(statusCode('smtp; 550')).toBeNull();
  });
});
