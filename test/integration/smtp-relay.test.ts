// Tests of the outbound-mail test relay (test/support/smtp-relay.ts) and of reading customers'
// mailboxes back (test/support/customer-mailbox.ts).
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { distinctByMessageId, readInbox, waitForInbox, type CustomerMail } from '../support/customer-mailbox.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { mailboxUserFor, startSmtpRelay, type SmtpRelay } from '../support/smtp-relay.ts';

const SUPPORT = 'support@guichet.test';
const CAMILLE = 'camille.martin@example.fr';
const JOHN = 'john@example.co.uk';

let counter = 0;
/** A raw message as Guichet sends it: composed once, CRLF line ends, its own Message-ID. */
function rawMail(to: string, subject: string, extraHeaders = ''): { raw: Buffer; messageId: string } {
  const messageId = `<relay-test-${++counter}-${Date.now()}@guichet.test>`;
  const raw = Buffer.from(
    `From: Support Guichet <${SUPPORT}>\r\n`
    + `To: ${to}\r\n`
    + `Subject: ${subject}\r\n`
    + 'Date: Tue, 04 Mar 2025 10:15:00 +0100\r\n'
    + `Message-ID: ${messageId}\r\n`
    + extraHeaders
    + 'MIME-Version: 1.0\r\n'
    + 'Content-Type: text/plain; charset=utf-8\r\n'
    + 'Content-Transfer-Encoding: 8bit\r\n'
    + '\r\n'
    + `Bonjour,\r\n\r\nNous avons bien reçu votre demande « ${subject} ».\r\n.\r\n..une ligne qui commence par des points\r\n\r\nL’équipe support\r\n`,
    'utf8',
  );
  return { raw, messageId };
}

/** Splits a stored message into what LMTP prepended and the original message after it. */
function prependedHeaderNames(stored: Buffer, sent: Buffer): string[] {
  expect(stored.length).toBeGreaterThan(sent.length);
  expect(stored.subarray(stored.length - sent.length).equals(sent)).toBe(true);
  const prefix = stored.subarray(0, stored.length - sent.length).toString('latin1');
  return prefix.replace(/\r\n[ \t]+/g, ' ').split('\r\n').filter(Boolean).map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
}

function send(relay: SmtpRelay, to: string[], raw: Buffer) {
  const transport = nodemailer.createTransport(relay.url);
  return transport.sendMail({ envelope: { from: SUPPORT, to }, raw }).finally(() => transport.close());
}

async function freeClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('mailboxUserFor', () => {
  test('local@domain → the lower-cased local part, domain ignored', () => {
    expect(mailboxUserFor(CAMILLE)).toBe('camille.martin');
    expect(mailboxUserFor(JOHN)).toBe('john');
    expect(mailboxUserFor('John@Example.COM')).toBe('john');
    expect(mailboxUserFor('Camille Martin <Camille.Martin@example.fr>')).toBe('camille.martin');
    expect(mailboxUserFor('client-42_b@example.fr')).toBe('client-42_b');
  });

  test('bytes Dovecot would refuse in a user name are escaped as _XX', () => {
    expect(mailboxUserFor('camille+shop@example.fr')).toBe('camille_2bshop');
    expect(mailboxUserFor("o'brien@example.ie")).toBe('o_27brien');
    expect(mailboxUserFor('josé@example.fr')).toBe('jos_c3_a9');
    expect(mailboxUserFor('"j doe"@example.com')).toBe('j_20doe');
    expect(mailboxUserFor('".."@example.com')).toBe('_2e.');
    for (const address of ['a+b@x.y', 'Ünïcødé!#$%&*=?^`{|}~@x.y', '"..."@x.y']) {
      expect(mailboxUserFor(address)).toMatch(/^[a-z0-9_-][a-z0-9._-]*$/);
    }
  });

  test('refuses what is not local@domain', () => {
    for (const address of ['postmaster', '@example.fr', 'camille@', '""@example.fr']) {
      expect(() => mailboxUserFor(address), address).toThrow();
    }
  });
});

describe('SMTP relay into Dovecot', () => {
  let dovecot: DovecotServer;
  let relay: SmtpRelay;
  beforeAll(async () => {
    // A private instance: these tests use fixed customer addresses (so fixed Dovecot users).
    dovecot = await startDovecot({ name: 'relay' });
    relay = await startSmtpRelay(dovecot);
  });
  afterAll(async () => {
    await relay?.stop();
    await dovecot?.dispose();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => console.error(`Dovecot log:\n${await dovecot.logTail(40)}`));
  });

  test('delivers the exact bytes to each recipient\'s INBOX', async () => {
    const { raw, messageId } = rawMail(`${CAMILLE}, ${JOHN}`, 'Retrait non reçu', 'In-Reply-To: <customer-1@example.fr>\r\nReferences: <customer-0@example.fr>\r\n <customer-1@example.fr>\r\nAuto-Submitted: auto-replied\r\n');
    const info = await send(relay, [CAMILLE, JOHN], raw);
    expect(info.accepted).toEqual([CAMILLE, JOHN]);
    expect(info.response).toMatch(/^250 /);

    expect(relay.received).toHaveLength(1);
    const [relayed] = relay.received;
    expect(relayed!.from).toBe(SUPPORT);
    expect(relayed!.to).toEqual([CAMILLE, JOHN]);
    expect(relayed!.messageId).toBe(messageId);
    expect(relayed!.raw.equals(raw)).toBe(true);

    // 250 was only sent after the LMTP delivery, so no waiting is needed.
    for (const address of [CAMILLE, JOHN]) {
      const inbox = await readInbox(dovecot, mailboxUserFor(address));
      expect(inbox).toHaveLength(1);
      const mail = inbox[0]!;
      // Dovecot adds Return-Path and Received (Delivered-To too, for single-recipient deliveries).
      const prepended = prependedHeaderNames(mail.raw, raw);
      expect(prepended).toContain('return-path');
      expect(prepended.filter((name) => !['return-path', 'delivered-to', 'received'].includes(name))).toEqual([]);
      expect(mail).toMatchObject({
        messageId,
        inReplyTo: '<customer-1@example.fr>',
        references: ['<customer-0@example.fr>', '<customer-1@example.fr>'],
        subject: 'Retrait non reçu',
        from: '"Support Guichet" <support@guichet.test>',
        autoSubmitted: 'auto-replied',
        html: null,
      } satisfies Partial<CustomerMail>);
      expect(mail.text).toContain('Nous avons bien reçu votre demande « Retrait non reçu ».\n.\n..une ligne');
      expect(mail.date?.toISOString()).toBe('2025-03-04T09:15:00.000Z');
    }
  });

  test('a message nodemailer composes (text + HTML) reads back like a mail client shows it', async () => {
    const transport = nodemailer.createTransport(relay.url);
    try {
      await transport.sendMail({
        from: { name: 'Support Guichet', address: SUPPORT },
        to: JOHN,
        subject: 'Your case #42',
        text: 'Hello John,\nyour case is being handled.\n',
        html: '<p>Hello John,<br>your case is being handled.</p>',
        messageId: '<composed-42@guichet.test>',
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } finally {
      transport.close();
    }
    const inbox = await readInbox(dovecot, 'john');
    const mail = inbox.find((m) => m.messageId === '<composed-42@guichet.test>');
    expect(mail).toMatchObject({ subject: 'Your case #42', autoSubmitted: 'auto-generated', inReplyTo: null, references: [] });
    expect(mail!.text.trim()).toBe('Hello John,\nyour case is being handled.');
    expect(mail!.html).toContain('<p>Hello John,<br>your case is being handled.</p>');
    expect(mail!.date).toBeInstanceOf(Date);
  });

  test('a null envelope sender (MAIL FROM:<>) is relayed as Return-Path: <>', async () => {
    const customer = 'null.sender@example.fr';
    const { raw, messageId } = rawMail(customer, 'Réponse automatique', 'Auto-Submitted: auto-replied\r\n');
    const transport = nodemailer.createTransport(relay.url);
    try {
      await transport.sendMail({ envelope: { from: '', to: [customer] }, raw });
    } finally {
      transport.close();
    }
    expect(relay.received.at(-1)).toMatchObject({ from: '', to: [customer], messageId });
    const [mail] = await readInbox(dovecot, 'null.sender');
    expect(mail?.raw.toString('latin1')).toMatch(/^Return-Path: <>\r\n/);
    expect(mail?.raw.toString('latin1')).toContain(`Delivered-To: null.sender@localhost\r\n`);
  });

  test('an address with characters Dovecot refuses in user names still reaches its own mailbox', async () => {
    const customer = "O'Brien+Shop@example.ie";
    const user = mailboxUserFor(customer);
    expect(user).toBe('o_27brien_2bshop');
    const { raw, messageId } = rawMail(customer, 'Changement d’adresse');
    await send(relay, [customer], raw);
    expect((await readInbox(dovecot, user)).map((m) => m.messageId)).toEqual([messageId]);
  });

  test('failNext(1): the client gets 451 and nothing is delivered; the retry goes through', async () => {
    const customer = 'retry.customer@example.fr';
    const { raw, messageId } = rawMail(customer, 'Compte bloqué');
    const before = relay.received.length;

    relay.failNext(1);
    const error = await send(relay, [customer], raw).then(() => undefined, (e: unknown) => e as { responseCode?: number; message: string });
    expect(error).toBeDefined();
    expect(error!.responseCode).toBe(451);
    expect(relay.received).toHaveLength(before);
    expect(await readInbox(dovecot, mailboxUserFor(customer))).toEqual([]);

    const info = await send(relay, [customer], raw);
    expect(info.response).toMatch(/^250 /);
    const inbox = await readInbox(dovecot, mailboxUserFor(customer));
    expect(inbox.map((m) => m.messageId)).toEqual([messageId]);
    expect(relay.received.slice(before).map((m) => m.messageId)).toEqual([messageId]);
  });

  test('dropConnectionAfterAccept(1): the client errors, yet the message is in the mailbox; a resend stays one visible message', async () => {
    const customer = 'Lost.Reply@example.fr';
    const { raw, messageId } = rawMail(customer, 'Bonus non crédité');

    relay.dropConnectionAfterAccept(1);
    const error = await send(relay, [customer], raw).then(() => undefined, (e: unknown) => e as { code?: string; responseCode?: number });
    // No SMTP reply at all: the client only knows the connection went away after DATA.
    expect(error).toMatchObject({ code: 'ECONNECTION' });
    expect(error!.responseCode).toBeUndefined();
    const delivered = await readInbox(dovecot, 'lost.reply');
    expect(delivered.map((m) => m.messageId)).toEqual([messageId]);
    expect(relay.received.at(-1)?.messageId).toBe(messageId);

    // What Guichet does after the error (or after a crash): send the same bytes again.
    await send(relay, [customer], raw);
    const inbox = await waitForInbox(dovecot, 'lost.reply', (mails) => mails.length === 2, 5_000);
    expect(inbox.map((m) => m.messageId)).toEqual([messageId, messageId]);
    expect(distinctByMessageId(inbox).map((m) => m.uid)).toEqual([inbox[0]!.uid]);
  });

  test('an LMTP failure is answered 451, so the client will retry', async () => {
    const broken = await startSmtpRelay({ host: '127.0.0.1', lmtpPort: await freeClosedPort() });
    try {
      const { raw } = rawMail(CAMILLE, 'Erreur sur le site');
      const error = await send(broken, [CAMILLE], raw).then(() => undefined, (e: unknown) => e as { responseCode?: number });
      expect(error?.responseCode).toBe(451);
      expect(broken.received).toEqual([]);
    } finally {
      await broken.stop();
    }
  });

  test('waitForInbox times out with a listing of what is there', async () => {
    await expect(waitForInbox(dovecot, 'camille.martin', (mails) => mails.length > 5, 300))
      .rejects.toThrow(/timed out after 300 ms waiting for camille\.martin's INBOX[^]*holds 1 message\(s\)[^]*Retrait non reçu/);
    await expect(waitForInbox(dovecot, 'nobody', () => false, 200)).rejects.toThrow(/the INBOX is empty/);
  });
});
