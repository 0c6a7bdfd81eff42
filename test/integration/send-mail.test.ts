import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Database } from '../../src/db/port.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { processMessage } from '../../src/jobs/process-message.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { createLogger } from '../../src/log/logger.ts';
import { smtpTransport, type MailTransport } from '../../src/outbox/mail-transport.ts';
import type { MailDeps } from '../../src/outbox/queue-mail.ts';
import { MAX_SEND_ATTEMPTS, sendOutboxBatch, sendOutboxMail, workSendMail } from '../../src/outbox/send-mail.ts';
import { loadTemplates, TEMPLATES_DIR } from '../../src/templates/load-templates.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { makeMail } from '../support/mail-factory.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The send-mail stage on its own: outbox rows written by the real processing code, sent by
 * sendOutboxBatch / sendOutboxMail / the send-mail worker over SMTP to the loopback relay
 * (delivering into Dovecot), results read back from PostgreSQL.
 */
const SUPPORT = 'support@guichet.example';
/** Refused at RCPT TO as an unknown mailbox (550 5.1.1): it fails every time, so it fails at once. */
const REFUSED = 'unknown-mailbox@example.fr';
/** How nodemailer words that refusal. */
const REFUSAL = /recipients were rejected: 550 5\.1\.1/;
/** Refused at RCPT TO as a relay refuses an untrusted client (554 5.7.1): the desk's setup, retried. */
const RELAY_DENIED = 'relay-denied-customer@example.fr';
const dovecot = sharedDovecot();
const logger = createLogger('silent');
let testDb: TestDatabase;
let db: Database;
let boss: PgBoss;
let relay: SmtpRelay;
let transport: MailTransport;
let config: Config;
let mail: MailDeps;
let n = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.open();
  relay = await startSmtpRelay(dovecot);
  transport = smtpTransport(relay.url);
  config = loadConfig({ DATABASE_URL: testDb.url, SUPPORT_ADDRESS: SUPPORT, DESK_NAME: 'Service Client Exemple', AUTO_MAIL_MAX_PER_DAY: '50' });
  boss = await startBoss({ kind: 'postgres', connectionString: testDb.url }, logger, { supervise: false });
  mail = { boss, templates: await loadTemplates(TEMPLATES_DIR, { timeZone: config.timeZone }), clock: new ManualClock(new Date('2026-11-02T09:00:00Z')), settings: config };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  transport?.close();
  await relay?.stop();
  await testDb?.drop();
});

interface OutboxRow {
  id: string;
  case_id: string;
  to_address: string;
  message_id_header: string;
  status: string;
  attempts: number;
  last_error: string | null;
  smtp_response: string | null;
  sent: boolean;
}

/** New cases from new customers, each owing an acknowledgement: its outbox row ids, in order. */
async function acknowledgementsOwed(count: number): Promise<string[]> {
  const store = createMessageStore({ db, boss, limits: config.limits, settings: config, logger });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const address = `${uniqueUser(`send${++n}`)}@example.fr`;
    const raw = makeMail(n, { from: `Client ${n} <${address}>`, to: SUPPORT, subject: `Réclamation ${n}`, body: `Bonjour,\r\n\r\nJe dépose une réclamation : mon retrait ${n} n'est jamais arrivé.\r\n` });
    const outcome = await store({ raw, receivedAt: mail.clock.now(), origin: { kind: 'maildir', path: `/mail/send-mail-${n}` } });
    if (outcome.status !== 'stored') throw new Error(`not stored: ${outcome.status}`);
    await processMessage(db, outcome.id, config, mail);
    const { rows } = await db.query<{ id: string }>("SELECT id FROM outbox WHERE to_address = $1 AND status = 'pending'", [address]);
    if (rows.length !== 1) throw new Error(`expected one acknowledgement for ${address}, got ${rows.length}`);
    ids.push(rows[0]!.id);
  }
  return ids;
}

async function outboxRows(ids: string[]): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT o.id, o.case_id, o.to_address, m.message_id_header, o.status, o.attempts, o.last_error, o.smtp_response, o.sent_at IS NOT NULL AS sent
       FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.id = ANY($1::bigint[]) ORDER BY o.id`,
    [ids],
  );
  return rows;
}

async function mailEvents(ids: string[]): Promise<{ case_id: string; type: string; actor: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ case_id: string; type: string; actor: string; data: Record<string, unknown> }>(
    "SELECT case_id, type, actor, data FROM case_events WHERE type IN ('mail-sent', 'mail-failed') AND data->>'outboxId' = ANY($1::text[]) ORDER BY id",
    [ids],
  );
  return rows;
}

/** The Message-IDs (without brackets) the relay has delivered. */
const relayed = () => relay.received.map((m) => m.messageId?.replace(/^<|>$/g, ''));

/** `db` with every statement recorded (a transaction as 'BEGIN' then its statements). */
function counting(inner: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const wrapped: Database = {
    kind: inner.kind,
    query: (text, values) => {
      statements.push(text);
      return inner.query(text, values);
    },
    transaction: (work, options) => {
      statements.push('BEGIN');
      return inner.transaction(
        (tx) =>
          work({
            query: (text, values) => {
              statements.push(text);
              return tx.query(text, values);
            },
            execScript: (sql) => tx.execScript(sql),
          }),
        options,
      );
    },
    tryLock: (name) => inner.tryLock(name),
    close: () => inner.close(),
  };
  return { db: wrapped, statements };
}

describe('sendOutboxBatch', () => {
  it('sends a batch in two statements; a recipient refused with 5yz fails at once, and a batch retry resends nothing', async () => {
    const ids = await acknowledgementsOwed(4);
    const refusedId = ids[2]!;
    await db.query('UPDATE outbox SET to_address = $2 WHERE id = $1', [refusedId, REFUSED]);
    const sentIds = ids.filter((id) => id !== refusedId);
    const before = relay.received.length;

    const counted = counting(db);
    const results = await sendOutboxBatch(counted.db, transport, ids, SUPPORT, logger);
    expect(Object.fromEntries([...results].map(([id, r]) => [id, r.outcome]))).toEqual(Object.fromEntries(ids.map((id) => [id, id === refusedId ? 'failed' : 'sent'])));
    expect(results.get(refusedId)).toMatchObject({ error: expect.objectContaining({ message: expect.stringMatching(REFUSAL) }) });
    // One claim, one record: no per-row statements, no BEGIN/COMMIT round trips.
    expect(counted.statements).toHaveLength(2);

    const rows = await outboxRows(ids);
    for (const row of rows) {
      if (row.id === refusedId) {
        // RFC 5321 4.2.1: a 5yz to RCPT TO fails again however often it is tried.
        expect(row).toMatchObject({ status: 'failed', attempts: 1, sent: false, smtp_response: null, last_error: expect.stringMatching(REFUSAL) });
      } else {
        expect(row).toMatchObject({ status: 'sent', attempts: 1, sent: true, last_error: null, smtp_response: expect.stringMatching(/^250 .*OK: delivered/) });
      }
    }
    // Delivered once each, with the Message-ID recorded before the send.
    const sentRows = rows.filter((row) => row.id !== refusedId);
    expect(relayed().slice(before).sort()).toEqual(sentRows.map((row) => row.message_id_header).sort());
    // One event per row, on its case, in outbox order: mail-sent, or mail-failed for the refused one.
    // (RFC 3463 5.1.1: the mailbox does not exist — no retry will change that.)
    expect(await mailEvents(ids)).toEqual(
      rows.map((row) =>
        row.id === refusedId
          ? { case_id: row.case_id, type: 'mail-failed', actor: 'system', data: { outboxId: row.id, error: expect.stringMatching(REFUSAL), attempts: 1 } }
          : { case_id: row.case_id, type: 'mail-sent', actor: 'system', data: { outboxId: row.id, messageId: row.message_id_header, to: row.to_address, attempts: 1 } },
      ),
    );

    // pg-boss retrying the whole batch: the sent rows and the failed one are skipped.
    const retry = await sendOutboxBatch(db, transport, ids, SUPPORT, logger);
    expect(Object.fromEntries([...retry].map(([id, r]) => [id, r.outcome]))).toEqual(Object.fromEntries(ids.map((id) => [id, 'already-sent'])));
    expect(relay.received.length - before).toBe(sentIds.length);
    expect(await mailEvents(ids)).toHaveLength(ids.length);
    expect(await sendOutboxMail(db, transport, refusedId, SUPPORT, logger)).toBe('already-sent');
  });

  it("retries a refusal of the desk's own setup (5.7.x) as a temporary one", async () => {
    const [id] = await acknowledgementsOwed(1);
    await db.query('UPDATE outbox SET to_address = $2 WHERE id = $1', [id, RELAY_DENIED]);
    const result = (await sendOutboxBatch(db, transport, [id!], SUPPORT, logger)).get(id!);
    expect(result).toMatchObject({ outcome: 'retry', error: expect.objectContaining({ message: expect.stringMatching(/554 5\.7\.1/) }) });
    expect((await outboxRows([id!]))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await mailEvents([id!])).toEqual([]);
    // Once the relay accepts (the operator fixed it), the same row goes out.
    await db.query('UPDATE outbox SET to_address = $2 WHERE id = $1', [id, `${uniqueUser('fixed')}@example.fr`]);
    expect((await sendOutboxBatch(db, transport, [id!], SUPPORT, logger)).get(id!)).toEqual({ outcome: 'sent' });
  });

  it('retries a temporary failure (4yz) until it goes through, and fails it for good at the last attempt', async () => {
    const ids = await acknowledgementsOwed(3);
    const before = relay.received.length;
    relay.failNext(1); // the first message to reach DATA gets 451 4.3.0 and is not delivered
    const first = await sendOutboxBatch(db, transport, ids, SUPPORT, logger);
    const deferred = ids.filter((id) => first.get(id)?.outcome === 'retry');
    expect(deferred).toHaveLength(1);
    expect(ids.filter((id) => first.get(id)?.outcome === 'sent')).toHaveLength(2);
    const deferredId = deferred[0]!;
    expect((await outboxRows([deferredId]))[0]).toMatchObject({ status: 'pending', attempts: 1, sent: false, last_error: expect.stringMatching(/451/) });
    expect(await mailEvents([deferredId])).toEqual([]);

    // The retry goes through: delivered once, its second attempt recorded.
    expect((await sendOutboxBatch(db, transport, ids, SUPPORT, logger)).get(deferredId)).toEqual({ outcome: 'sent' });
    expect((await outboxRows([deferredId]))[0]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(relay.received.length - before).toBe(3);

    // A temporary failure on the last allowed attempt: failed for good, with a mail-failed event.
    const [lastId] = await acknowledgementsOwed(1);
    await db.query('UPDATE outbox SET attempts = $2 WHERE id = $1', [lastId, MAX_SEND_ATTEMPTS - 1]);
    relay.failNext(1);
    expect((await sendOutboxBatch(db, transport, [lastId!], SUPPORT, logger)).get(lastId!)?.outcome).toBe('failed');
    const failed = (await outboxRows([lastId!]))[0]!;
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS, sent: false, last_error: expect.stringMatching(/451/) });
    expect(await mailEvents([lastId!])).toEqual([{ case_id: failed.case_id, type: 'mail-failed', actor: 'system', data: { outboxId: lastId, error: expect.stringMatching(/451/), attempts: MAX_SEND_ATTEMPTS } }]);
    expect(await sendOutboxMail(db, transport, lastId!, SUPPORT, logger)).toBe('already-sent');
    expect(relay.received.length - before).toBe(3);
  });

  it('takes a row given twice once, and an unknown id as already sent', async () => {
    const [id] = await acknowledgementsOwed(1);
    const before = relay.received.length;
    const results = await sendOutboxBatch(db, transport, [id!, id!, '999999999'], SUPPORT, logger);
    expect([...results]).toEqual([
      [id, { outcome: 'sent' }],
      ['999999999', { outcome: 'already-sent' }],
    ]);
    expect(relay.received.length - before).toBe(1);
    expect(await sendOutboxBatch(db, transport, [], SUPPORT, logger)).toEqual(new Map());
  });
});

describe('sendOutboxMail', () => {
  it('sends one row, then says already-sent; a send to be retried throws after recording it; a refused one fails without throwing', async () => {
    const [good, deferred, refused] = await acknowledgementsOwed(3);
    await db.query('UPDATE outbox SET to_address = $2 WHERE id = $1', [refused, REFUSED]);
    expect(await sendOutboxMail(db, transport, good!, SUPPORT, logger)).toBe('sent');
    expect(await sendOutboxMail(db, transport, good!, SUPPORT, logger)).toBe('already-sent');
    relay.failNext(1);
    await expect(sendOutboxMail(db, transport, deferred!, SUPPORT, logger)).rejects.toThrow(/451/);
    expect((await outboxRows([deferred!]))[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.stringMatching(/451/) });
    expect(await sendOutboxMail(db, transport, deferred!, SUPPORT, logger)).toBe('sent'); // nothing left pending for the worker test
    expect(await sendOutboxMail(db, transport, refused!, SUPPORT, logger)).toBe('failed');
    expect((await outboxRows([refused!]))[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(REFUSAL) });
  });
});

describe('workSendMail', () => {
  it('settles each job of a batch on its own: the sent and the refused ones complete, only the deferred one is retried', async () => {
    const ids = await acknowledgementsOwed(3);
    const refusedId = ids[1]!;
    await db.query('UPDATE outbox SET to_address = $2 WHERE id = $1', [refusedId, REFUSED]);
    relay.failNext(1); // one of the two others is deferred (451)
    await workSendMail(boss, db, transport, SUPPORT, logger);
    const jobOf = async (id: string) => (await boss.findJobs<{ outboxId: string }>(QUEUES.sendMail, { key: `outbox:${id}` }))[0];
    await waitFor(
      'the batch settled',
      async () => {
        const jobs = await Promise.all(ids.map(jobOf));
        return jobs.every((job) => job && job.state !== 'created' && job.state !== 'active') || undefined;
      },
      20_000,
      100,
    );
    const rows = new Map((await outboxRows(ids)).map((row) => [row.id, row]));
    const deferred = ids.filter((id) => rows.get(id)?.status === 'pending');
    expect(deferred).toHaveLength(1);
    for (const id of ids) {
      const job = (await jobOf(id))!;
      if (id === refusedId) {
        expect(job).toMatchObject({ state: 'completed', output: { outcome: 'failed' } });
        expect(rows.get(id)?.status).toBe('failed');
      } else if (id === deferred[0]) {
        expect(job.state).toBe('retry');
        expect(job.output).toMatchObject({ message: expect.stringMatching(/451/) });
      } else {
        expect(job).toMatchObject({ state: 'completed', output: { outcome: 'sent' } });
        expect(rows.get(id)?.status).toBe('sent');
      }
    }
    await boss.offWork(QUEUES.sendMail);
  });
});
