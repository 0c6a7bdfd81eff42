import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Database } from '../../src/db/port.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { processMessage } from '../../src/jobs/process-message.ts';
import { decideCase, OUTCOMES } from '../../src/lifecycle/decide.ts';
import { sendDueInterimUpdates } from '../../src/lifecycle/interim-updates.ts';
import { createLogger } from '../../src/log/logger.ts';
import { smtpTransport, type MailTransport } from '../../src/outbox/mail-transport.ts';
import type { MailDeps } from '../../src/outbox/queue-mail.ts';
import { sendOutboxMail } from '../../src/outbox/send-mail.ts';
import { loadTemplates, TEMPLATES_DIR } from '../../src/templates/load-templates.ts';
import { readInbox } from '../support/customer-mailbox.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { makeMail } from '../support/mail-factory.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { mailboxUserFor, startSmtpRelay, type SmtpRelay } from '../support/smtp-relay.ts';

/**
 * The procedure as the customer lives it, read from their own mailbox: the real store,
 * processing, deadline sweep, decision and send-mail code, time moved by a ManualClock, mail
 * sent over SMTP to a loopback server that delivers into Dovecot.
 */
const DAY = 86_400_000;
const SUPPORT = 'support@guichet.example';
const dovecot = sharedDovecot();
const logger = createLogger('silent');
let testDb: TestDatabase;
let db: Database;
let boss: PgBoss;
let relay: SmtpRelay;
let transport: MailTransport;
let config: Config;
let clock: ManualClock;
let mail: MailDeps;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.open();
  relay = await startSmtpRelay(dovecot);
  transport = smtpTransport(relay.url);
  config = loadConfig({ DATABASE_URL: testDb.url, SUPPORT_ADDRESS: SUPPORT, DESK_NAME: 'Service Client Exemple', AUTO_MAIL_MAX_PER_DAY: '50' });
  boss = await startBoss({ kind: 'postgres', connectionString: testDb.url }, logger, { supervise: false });
  clock = new ManualClock(new Date('2026-11-02T09:00:00Z'));
  mail = { boss, templates: await loadTemplates(TEMPLATES_DIR, { timeZone: config.timeZone }), clock, settings: config };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  transport?.close();
  await relay?.stop();
  await testDb?.drop();
});

/** A customer's message arrives now and is processed (as the worker would). */
async function receive(raw: Buffer): Promise<void> {
  const store = createMessageStore({ db, boss, limits: config.limits, settings: config, logger });
  const outcome = await store({ raw, receivedAt: clock.now(), origin: { kind: 'maildir', path: `/mail/${Math.random()}` } });
  if (outcome.status !== 'stored') throw new Error(`not stored: ${outcome.status}`);
  await processMessage(db, outcome.id, config, mail);
}

/** Sends everything pending in the outbox (what the send-mail jobs do). */
async function drainOutbox(): Promise<void> {
  const { rows } = await db.query<{ id: string }>("SELECT id FROM outbox WHERE status = 'pending' ORDER BY id");
  for (const r of rows) await sendOutboxMail(db, transport, r.id, SUPPORT, logger);
}

const complaint = (to: string, name: string, lang: 'fr' | 'en', n: number) =>
  lang === 'fr'
    ? makeMail(n, { from: `${name} <${to}>`, to: SUPPORT, subject: `Réclamation : gains annulés ${n}`, body: `Bonjour,\r\n\r\nJe dépose une réclamation : mes gains du pari ${n} ont été annulés sans raison, ce n'est pas conforme aux conditions générales.\r\n` })
    : makeMail(n, { from: `${name} <${to}>`, to: SUPPORT, subject: `Complaint: winnings voided ${n}`, body: `Hello,\r\n\r\nI want to complain: my winnings on bet ${n} were voided without reason, which is not compliant with the terms and conditions.\r\n` });

describe('the complaint procedure in the customer’s mailbox', () => {
  it('acknowledges, sends one interim update after the deadline, the next after 14 days, the decision, then nothing', async () => {
    const camille = `${uniqueUser('camille')}@example.fr`;
    await receive(complaint(camille, 'Camille Martin', 'fr', 1));
    await drainOutbox();
    const inbox = () => readInbox(dovecot, mailboxUserFor(camille));
    expect((await inbox()).map((m) => m.subject)).toEqual([expect.stringMatching(/^\[SC-\d{4}-\d{6}\] Accusé de réception/)]);
    const ref = /\[(SC-\d{4}-\d{6})\]/.exec((await inbox())[0]!.subject)![1]!;

    clock.advance(20 * DAY); // before the one-month deadline
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(0);
    clock.advance(12 * DAY); // past it
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(1);
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(0); // idempotent
    await drainOutbox();
    expect(await inbox()).toHaveLength(2);
    clock.advance(13 * DAY);
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(0);
    clock.advance(1 * DAY + 60_000);
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(1);
    await drainOutbox();
    await decideCase(db, mail, { ref, outcome: 'confirmed', reasons: 'Le pari a été placé après le début du match (article 7.2 des conditions générales).', agent: 'alice' });
    await drainOutbox();
    clock.advance(60 * DAY);
    expect(await sendDueInterimUpdates(db, mail, config.procedure)).toBe(0);
    await drainOutbox();

    const mails = await inbox();
    // The acknowledgement, two interim updates, the decision — and nothing after it.
    expect(mails).toHaveLength(4);
    const outbox = await db.query<{ template: string }>('SELECT o.template FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.ref = $1 ORDER BY o.id', [ref]);
    expect(outbox.rows.map((r) => r.template)).toEqual(['acknowledgement', 'interim-update', 'interim-update', 'decision-confirmed']);
    expect(mails[1]!.text).toMatch(/examen/);
    expect(mails[3]!.text).toContain('article 7.2 des conditions générales');
    expect(mails.every((m) => m.subject.includes(`[${ref}]`))).toBe(true);
    // Every message threads to the customer's complaint.
    expect(new Set(mails.map((m) => m.inReplyTo)).size).toBe(1);
  });

  it('sends one decision mail per outcome, in French and in English, with the reasons', async () => {
    let n = 100;
    for (const lang of ['fr', 'en'] as const) {
      for (const outcome of OUTCOMES) {
        const address = `${uniqueUser(`dec-${lang}-${outcome}`)}@example.fr`;
        await receive(complaint(address, 'Client Test', lang, n++));
        const { rows } = await db.query<{ ref: string }>('SELECT c.ref FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1', [address]);
        const reasons = `${lang === 'fr' ? 'Motif détaillé' : 'Detailed reasons'} for ${outcome}.`;
        await decideCase(db, mail, { ref: rows[0]!.ref, outcome, reasons, agent: 'bob' });
        await drainOutbox();
        const mails = await readInbox(dovecot, mailboxUserFor(address));
        expect(mails, `${lang} ${outcome}`).toHaveLength(2);
        const decision = mails[1]!;
        expect(decision.text).toContain(reasons);
        expect(decision.subject).toContain(`[${rows[0]!.ref}]`);
        expect(decision.autoSubmitted).toBeNull(); // an agent's decision is not automatic mail
        if (lang === 'en') expect(decision.text).toMatch(/\b(Dear|Hello)\b/);
        else expect(decision.text).toMatch(/Bonjour/);
      }
    }
  });

  it('answers a complaint made more than 3 months after its event with the out-of-time template', async () => {
    const late = `${uniqueUser('late')}@example.fr`;
    await receive(
      makeMail(300, {
        from: `Paul <${late}>`,
        to: SUPPORT,
        subject: 'Réclamation compte suspendu',
        body: "Bonjour,\r\n\r\nJe fais une réclamation : mon compte a été suspendu le 12/03/2026 sans raison, c'est abusif.\r\n",
      }),
    );
    await drainOutbox();
    const [mail0] = await readInbox(dovecot, mailboxUserFor(late));
    expect(mail0?.text).toMatch(/3 mois/);
    expect(mail0?.text).toMatch(/12 mars 2026/);
  });

  // The returned headers' part as RFC 6522 names it, and as some MTAs misspell it: ingest and
  // processing must both read it (the same list of types), or the bounce finds no original.
  it.each(['text/rfc822-headers', 'text/rfc822-header'])('a bounce of our acknowledgement (original in %s) marks it bounced on the case and is never answered', async (returnedType) => {
    const gone = `${uniqueUser('gone')}@example.fr`;
    await receive(complaint(gone, 'Gone Away', 'fr', 400));
    await drainOutbox();
    const ack = await db.query<{ id: string; message_id_header: string; case_id: string }>(
      "SELECT o.id, m.message_id_header, o.case_id FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.to_address = $1", [gone],
    );
    const original = ack.rows[0]!;
    const boundary = 'dsn-boundary';
    const dsn = Buffer.from(
      [
        'Return-Path: <>',
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.fr>',
        `To: ${SUPPORT}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <dsn-${original.id}@mx.example.fr>`,
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=us-ascii',
        '',
        `I'm sorry to have to inform you that your message could not be delivered to ${gone}.`,
        '',
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.fr',
        '',
        `Final-Recipient: rfc822; ${gone}`,
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
        '',
        `--${boundary}`,
        `Content-Type: ${returnedType}`,
        '',
        `From: Service Client Exemple <${SUPPORT}>`,
        `To: ${gone}`,
        `Message-ID: <${original.message_id_header}>`,
        'Subject: [SC] Accusé de réception',
        '',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const before = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
    await receive(dsn);
    await drainOutbox();
    const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n); // nothing sent in answer
    const status = await db.query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [original.id]);
    expect(status.rows[0]?.status).toBe('bounced');
    const events = await db.query<{ type: string }>("SELECT type FROM case_events WHERE case_id = $1 AND type = 'mail-bounced'", [original.case_id]);
    expect(events.rows).toHaveLength(1);
    const attached = await db.query<{ kind: string }>(
      "SELECT cm.kind FROM messages m JOIN case_messages cm ON cm.message_id = m.id WHERE m.message_id_header = $1", [`dsn-${original.id}@mx.example.fr`],
    );
    expect(attached.rows).toEqual([{ kind: 'bounce' }]);
  });

  it('a customer writing to a closed case reopens it at its place within 30 days, and later opens a new linked case', async () => {
    const ines = `${uniqueUser('ines')}@example.fr`;
    await receive(complaint(ines, 'Inès', 'fr', 500));
    const opened = await db.query<{ ref: string; arrival_seq: string; id: string }>('SELECT c.ref, c.arrival_seq, c.id FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1', [ines]);
    const { ref, arrival_seq: place, id } = opened.rows[0]!;
    await decideCase(db, mail, { ref, outcome: 'solution', reasons: null, agent: 'alice' });
    const decisionId = (await db.query<{ message_id_header: string }>("SELECT m.message_id_header FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.case_id = $1 AND o.template = 'decision-solution'", [id])).rows[0]!.message_id_header;
    const replyTo = (n: number, days: number) => {
      clock.advance(days * DAY);
      return makeMail(n, { from: `Inès <${ines}>`, to: SUPPORT, subject: `RE: [${ref}] Décision`, body: 'Je ne suis pas d’accord avec cette réponse.\r\n', extraHeaders: { 'In-Reply-To': `<${decisionId}>`, References: `<${decisionId}>` } });
    };
    await receive(replyTo(501, 10));
    const reopened = await db.query<{ status: string; arrival_seq: string }>('SELECT status, arrival_seq FROM cases WHERE id = $1', [id]);
    expect(reopened.rows[0]).toEqual({ status: 'open', arrival_seq: place });
    // Closed again, then a reply long after: a new case linked to the old one.
    await decideCase(db, mail, { ref, outcome: 'clarification', reasons: 'Voici les précisions demandées.', agent: 'alice' });
    await receive(replyTo(502, 45));
    const cases = await db.query<{ ref: string; status: string; follows_case_id: string | null }>(
      'SELECT c.ref, c.status, c.follows_case_id FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE cu.email = $1 ORDER BY c.arrival_seq', [ines],
    );
    expect(cases.rows).toHaveLength(2);
    expect(cases.rows[0]).toMatchObject({ ref, status: 'closed' });
    expect(cases.rows[1]).toMatchObject({ status: 'open', follows_case_id: id });
  });
});
