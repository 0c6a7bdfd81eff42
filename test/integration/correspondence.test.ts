import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/port.ts';
import { spawnWorker, type WorkerProcess } from '../support/cli.ts';
import { distinctByMessageId, readInbox, waitForInbox } from '../support/customer-mailbox.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { makeMail } from '../support/mail-factory.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { mailboxUserFor, startSmtpRelay, type SmtpRelay } from '../support/smtp-relay.ts';
import { waitFor } from '../support/wait.ts';

/**
 * What the customer sees, end to end on real services: mail appended to the desk's Dovecot
 * mailbox, a real `guichet start` worker, its SMTP handed to a loopback SMTP server that delivers
 * over LMTP into the customers' own Dovecot mailboxes, read back over IMAP as their client would.
 */
const dovecot = sharedDovecot();
const SUPPORT = 'support@guichet.example';
let testDb: TestDatabase;
let db: Database;
let relay: SmtpRelay;
let worker: WorkerProcess;
let desk: string;
let env: Record<string, string>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.open();
  relay = await startSmtpRelay(dovecot);
  desk = uniqueUser('desk');
  env = { DATABASE_URL: testDb.url, IMAP_URL: dovecot.imapUrl(desk), IMAP_POLL_INTERVAL_MS: '300', SMTP_URL: relay.url, SUPPORT_ADDRESS: SUPPORT, DESK_NAME: 'Service Client Exemple' };
  worker = spawnWorker(env);
  await worker.waitForOutput(/worker running/);
});
afterAll(async () => {
  if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
  await relay?.stop();
  await testDb?.drop();
});

const customer = (name: string) => `${uniqueUser(name)}@example.fr`;

describe('correspondence with the customer', () => {
  it('acknowledges a new case once, threaded, with the reference, in the customer’s language; a reply to it lands in the same case', async () => {
    const camille = customer('camille');
    const john = customer('john');
    const fr = makeMail(1, { from: `Camille Martin <${camille}>`, to: SUPPORT, subject: 'Retrait non reçu', body: "Bonjour,\r\n\r\nJe n'ai toujours pas reçu mon retrait de 150 euros demandé le 3 novembre.\r\n\r\nCordialement,\r\nCamille\r\n" });
    const en = makeMail(2, { from: `John Smith <${john}>`, to: SUPPORT, subject: 'Withdrawal not received', body: 'Hello,\r\n\r\nMy withdrawal of 100 pounds has not arrived on my bank account and it has been two weeks.\r\n\r\nThanks,\r\nJohn\r\n' });
    await dovecot.appendMessages(desk, 'INBOX', [fr, en]);

    const [ackFr] = await waitForInbox(dovecot, mailboxUserFor(camille), (m) => m.length >= 1, 20_000);
    const [ackEn] = await waitForInbox(dovecot, mailboxUserFor(john), (m) => m.length >= 1, 20_000);
    const ref = /\[(SC-\d{4}-\d{6})\]/.exec(ackFr!.subject)?.[1];
    expect(ref).toBeDefined();
    expect(ackFr!.inReplyTo).toBe(`<${messageIdOf(fr)}>`);
    expect(ackFr!.autoSubmitted).toBe('auto-replied');
    expect(ackFr!.text).toMatch(/ordre strict de leur arrivée/);
    expect(ackEn!.subject).toMatch(/\[SC-\d{4}-\d{6}\]/);
    expect(ackEn!.text).toMatch(/strictly in the order/i);
    expect(ackEn!.inReplyTo).toBe(`<${messageIdOf(en)}>`);

    // The customer answers the acknowledgement: the reply threads to the case through the ack's Message-ID.
    const reply = makeMail(3, {
      from: `Camille Martin <${camille}>`,
      to: SUPPORT,
      subject: `RE: ${ackFr!.subject}`,
      body: 'Voici mon identifiant : PP123456.\r\n',
      extraHeaders: { 'In-Reply-To': ackFr!.messageId!, References: `<${messageIdOf(fr)}> ${ackFr!.messageId!}` },
    });
    await dovecot.appendMessages(desk, 'INBOX', [reply]);
    await waitFor('reply attached', async () => {
      const r = await db.query<{ kind: string; ref: string }>(
        'SELECT cm.kind, c.ref FROM messages m JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id WHERE m.message_id_header = $1',
        [messageIdOf(reply)],
      );
      return r.rows[0] ?? undefined;
    }).then((row) => expect(row).toEqual({ kind: 'follow-up', ref }));
    // Still exactly one acknowledgement each (a follow-up is not acknowledged).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await readInbox(dovecot, mailboxUserFor(camille))).toHaveLength(1);
    expect(await readInbox(dovecot, mailboxUserFor(john))).toHaveLength(1);
  });

  it('sends nothing to auto-replies or bounces', async () => {
    const away = customer('away');
    const ooo = makeMail(10, { from: `Away <${away}>`, to: SUPPORT, subject: 'Réponse automatique : Absent du bureau', body: "Je suis absent du bureau jusqu'au 30 novembre.\r\n", extraHeaders: { 'Auto-Submitted': 'auto-replied' } });
    const sent = relay.received.length;
    await dovecot.appendMessages(desk, 'INBOX', [ooo]);
    await waitFor('auto-reply processed', async () => {
      const r = await db.query<{ processed_at: Date | null; classification: string | null }>('SELECT processed_at, classification FROM messages WHERE message_id_header = $1', [messageIdOf(ooo)]);
      return r.rows[0]?.processed_at ? r.rows[0] : undefined;
    }).then((row) => expect(row.classification).toBe('auto-reply'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(relay.received.length).toBe(sent);
    expect(await readInbox(dovecot, mailboxUserFor(away))).toHaveLength(0);
  });

  it('answers a repeat with one notice within the rate limit, and the case keeps its place', async () => {
    const lea = customer('lea');
    const first = makeMail(20, { from: `Léa <${lea}>`, to: SUPPORT, subject: 'Bonus non crédité', body: "Bonjour,\r\n\r\nLe bonus de bienvenue promis à l'inscription n'a jamais été crédité sur mon compte joueur.\r\n" });
    await dovecot.appendMessages(desk, 'INBOX', [first]);
    await waitForInbox(dovecot, mailboxUserFor(lea), (m) => m.length === 1, 20_000);
    const before = await db.query<{ arrival_seq: string; ref: string }>("SELECT c.arrival_seq, c.ref FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1", [lea]);
    const repeats = [1, 2].map((n) => makeMail(20 + n, { from: `Léa <${lea}>`, to: SUPPORT, subject: `Relance : Bonus non crédité`, body: 'Je vous relance, toujours rien.\r\n' }));
    await dovecot.appendMessages(desk, 'INBOX', repeats);
    const mails = await waitForInbox(dovecot, mailboxUserFor(lea), (m) => m.length >= 2, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const all = await readInbox(dovecot, mailboxUserFor(lea));
    expect(all).toHaveLength(2); // the acknowledgement and ONE repeat notice for two repeats
    expect(mails[1]!.subject).toContain(before.rows[0]!.ref);
    const after = await db.query<{ arrival_seq: string; n: string }>(
      "SELECT c.arrival_seq, (SELECT count(*) FROM case_messages WHERE case_id = c.id AND kind = 'repeat') AS n FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1",
      [lea],
    );
    expect(after.rows).toEqual([{ arrival_seq: before.rows[0]!.arrival_seq, n: '2' }]);
  });

  it('survives the SMTP answer being lost after delivery and the worker killed around the send: one acknowledgement per case', async () => {
    const customers = [customer('crash1'), customer('crash2'), customer('crash3')];
    relay.dropConnectionAfterAccept(1); // delivered, but the worker never hears the 250
    await dovecot.appendMessages(desk, 'INBOX', customers.map((c, i) => makeMail(40 + i, { from: c, to: SUPPORT, subject: `Compte bloqué ${i}`, body: `Mon compte numéro ${i} a été suspendu sans explication alors que je respecte les conditions.\r\n` })));
    // Kill the worker while it sends, then restart it.
    await waitFor('a send under way', async () => relay.received.length > 0 || undefined, 20_000, 5);
    worker.child.kill('SIGKILL');
    await worker.exited;
    worker = spawnWorker(env);
    await worker.waitForOutput(/worker running/);
    for (const c of customers) {
      await waitForInbox(dovecot, mailboxUserFor(c), (m) => m.length >= 1, 60_000);
    }
    await waitFor('outbox drained', async () => {
      const r = await db.query<{ n: string }>("SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent')");
      return r.rows[0]?.n === '0' || undefined;
    }, 90_000, 200);
    for (const c of customers) {
      const mails = await readInbox(dovecot, mailboxUserFor(c));
      expect(distinctByMessageId(mails), `${c}: ${mails.map((m) => m.messageId).join(', ')}`).toHaveLength(1);
    }
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 180_000);
});

function messageIdOf(raw: Buffer): string {
  const match = /^Message-ID: <([^>]+)>/im.exec(raw.toString('utf8'));
  if (!match?.[1]) throw new Error('no Message-ID');
  return match[1];
}
