import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/ingest/classify/classify-message.ts';
import { factsFromParsed, headerParameter, headerValue, RETURNED_MESSAGE_MAX_BYTES } from '../../../src/ingest/classify/message-facts.ts';
import type { ParsedMessage } from '../../../src/ingest/parsed-message.ts';
import { facts, factsOf, mail } from './facts-of.ts';

const OPTIONS = { contactFormSenders: ['formulaire@site.example'], supportAddress: 'Support@Guichet.example' };

describe('classifyMessage', () => {
  it('checks bounces before auto-replies: a DSN with Auto-Submitted is a bounce', async () => {
    const raw = [
      'Return-Path: <>',
      'From: MAILER-DAEMON@mx.example.fr (Mail Delivery System)',
      'To: support@guichet.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Auto-Submitted: auto-replied',
      'Precedence: bulk',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.fr',
      '',
      'Final-Recipient: rfc822; camille@example.fr',
      'Action: failed',
      'Status: 5.1.1',
      '--B--',
      '',
    ].join('\n');
    expect(classifyMessage(await factsOf(raw), OPTIONS)).toMatchObject({ kind: 'bounce', reason: 'failed', failedRecipients: ['camille@example.fr'], status: '5.1.1' });
  });

  it("treats mail from the desk's own address as an auto-reply (a loop), in any case", async () => {
    const c = classifyMessage(await factsOf(mail('Subject: [SC-2026-000042] Accusé de réception', 'Bonjour', 'Guichet <support@guichet.example>')), OPTIONS);
    expect(c).toEqual({ kind: 'auto-reply', reason: "from the desk's own address" });
  });

  it('reads a contact form before the auto-reply checks (form mailers send Auto-Submitted)', async () => {
    const raw = mail('Subject: Formulaire\nReply-To: camille@example.fr\nAuto-Submitted: auto-generated\nPrecedence: bulk', 'Catégorie : Plainte\nDescription : Mon compte est bloqué.', 'formulaire@site.example');
    const c = classifyMessage(await factsOf(raw), OPTIONS);
    expect(c).toMatchObject({ kind: 'contact-form', form: { customerEmail: 'camille@example.fr', categoryLabel: 'Plainte', description: 'Mon compte est bloqué.' } });
  });

  it('trusts a no-reply form sender whose description reads like a bounce', async () => {
    const options = { ...OPTIONS, contactFormSenders: ['no-reply@site.example'] };
    const raw = mail('Subject: Undelivered request\nReturn-Path: <>\nReply-To: camille@example.fr', "Catégorie : Plainte\nDescription : Le site dit que mon compte n'existe pas, user unknown.", 'no-reply@site.example');
    expect(classifyMessage(await factsOf(raw), options)).toMatchObject({ kind: 'contact-form', form: { customerEmail: 'camille@example.fr' } });
    expect(classifyMessage(await factsOf(raw), OPTIONS)).toMatchObject({ kind: 'bounce' }); // unconfigured, the same mail reads as a notice
  });

  it('reports auto-replies with their reason', async () => {
    const c = classifyMessage(await factsOf(mail('Subject: Réponse automatique : Votre demande\nAuto-Submitted: auto-replied', "Je suis absente jusqu'au 3 mars.")), OPTIONS);
    expect(c).toEqual({ kind: 'auto-reply', reason: 'Auto-Submitted: auto-replied' });
  });

  it('leaves a customer writing as a customer', async () => {
    expect(classifyMessage(await factsOf(mail('Subject: Retrait non reçu', 'Bonjour, mon retrait n’est jamais arrivé.')), OPTIONS)).toEqual({ kind: 'customer' });
  });

  it('does not call a form sender a customer when the form is unreadable, nor a support address an empty From', () => {
    expect(classifyMessage(facts({ from: [{ name: '', address: 'formulaire@site.example' }] }), OPTIONS)).toMatchObject({ kind: 'contact-form', form: { customerEmail: null } });
    expect(classifyMessage(facts({ from: [{ name: 'Someone', address: '' }] }), { ...OPTIONS, supportAddress: '' })).toEqual({ kind: 'customer' });
  });
});

describe('factsFromParsed', () => {
  const parsed = (attachments: ParsedMessage['attachments']): ParsedMessage => ({
    messageId: 'x@y',
    subject: 's',
    from: [],
    to: [],
    cc: [],
    replyTo: [],
    returnPath: '',
    date: null,
    inReplyTo: [],
    references: [],
    autoSubmitted: null,
    precedence: null,
    contentType: 'multipart/report',
    headers: { 'content-type': ['multipart/report; report-type="delivery-status"; boundary=x'] },
    text: 't',
    html: null,
    attachments,
    deliveryStatus: 'Action: failed',
  });
  const attachment = (contentType: string, content: string): ParsedMessage['attachments'][number] => ({
    sha256: '0',
    size: content.length,
    contentType,
    filename: null,
    contentId: null,
    disposition: 'attachment',
    content: Buffer.from(content),
  });

  it('takes the returned original from the first message/rfc822 or text/rfc822-headers part, cut to its limit', () => {
    expect(factsFromParsed(parsed([attachment('image/png', 'x'), attachment('text/rfc822-headers', 'Message-ID: <a@b>\n')])).returnedMessage).toBe('Message-ID: <a@b>\n');
    expect(factsFromParsed(parsed([attachment('message/rfc822', 'y'.repeat(RETURNED_MESSAGE_MAX_BYTES + 10))])).returnedMessage).toHaveLength(RETURNED_MESSAGE_MAX_BYTES);
    expect(factsFromParsed(parsed([attachment('application/pdf', 'x')])).returnedMessage).toBeNull();
  });

  it('reads header values and parameters', () => {
    const f = factsFromParsed(parsed([]));
    expect(headerValue(f, 'Content-Type')).toMatch(/^multipart\/report/);
    expect(headerParameter(headerValue(f, 'content-type'), 'report-type')).toBe('delivery-status');
    expect(headerParameter('text/plain', 'charset')).toBeNull();
  });
});
