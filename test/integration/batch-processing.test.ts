import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/port.ts';
import { processMessage } from '../../src/jobs/process-message.ts';
import { processMessages } from '../../src/jobs/process-messages.ts';
import type { MailDeps } from '../../src/outbox/queue-mail.ts';
import { loadTemplates, TEMPLATES_DIR } from '../../src/templates/load-templates.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startIngest, type IngestHarness } from '../support/ingest-harness.ts';
import { generateMailbox } from '../support/mailbox-generator/index.ts';

/**
 * Processing a batch of messages in one transaction (what the worker does with a pg-boss batch)
 * must give exactly what processing them one by one in arrival order gives: the same cases, the
 * same kinds, the same mail (its text, case references aside) and the same case events. Two databases, the same generated mailbox
 * (repeats, follow-ups, a customer's second problem, forms, auto-replies, bounces), one processed
 * in batches of 20, the other message by message.
 */
const FORM = 'formulaire@site.example';
const SUPPORT = 'support@guichet.example';
const env = { CONTACT_FORM_SENDERS: FORM, SUPPORT_ADDRESS: SUPPORT };
const mailbox = generateMailbox({ seed: 7, contactFormSender: FORM, supportAddress: SUPPORT, start: new Date('2026-11-02T08:00:00Z') });

interface Side {
  testDb: TestDatabase;
  db: Database;
  harness: IngestHarness;
  ids: string[];
  mail: MailDeps;
}
const sides: Side[] = [];

async function storeMailbox(): Promise<Side> {
  const testDb = await createTestDatabase();
  const harness = await startIngest({ DATABASE_URL: testDb.url, ...env }, { process: false });
  const ids: string[] = [];
  for (const [i, m] of mailbox.messages.entries()) {
    const outcome = await harness.sink({ raw: m.raw, receivedAt: m.internalDate, origin: { kind: 'maildir', path: `/maildir/new/${i}` } });
    if (outcome.status !== 'stored') throw new Error(`message ${i} not stored: ${outcome.status}`);
    ids.push(outcome.id);
  }
  const templates = await loadTemplates(TEMPLATES_DIR, { timeZone: harness.config.timeZone });
  const mail: MailDeps = { boss: await harness.runtime.boss(), templates, clock: new ManualClock(new Date('2026-11-20T10:00:00Z')), settings: harness.config };
  return { testDb, db: testDb.open(), harness, ids, mail };
}

beforeAll(async () => {
  sides.push(await storeMailbox(), await storeMailbox());
}, 120_000);
afterAll(async () => {
  for (const side of sides) {
    await side.harness.stop();
    await side.testDb.drop();
  }
});

/** Everything processing decided, keyed by Message-ID (case ids and refs differ between databases). */
async function whatProcessingDid(db: Database): Promise<unknown> {
  const messages = await db.query<{ message_id_header: string; classification: string; unmatched_reason: string | null; kind: string | null; case_first: string | null; customer: string | null }>(
    `SELECT m.message_id_header, m.classification, m.unmatched_reason, cm.kind, first.message_id_header AS case_first, cu.email AS customer
       FROM messages m
       LEFT JOIN case_messages cm ON cm.message_id = m.id
       LEFT JOIN case_messages fcm ON fcm.case_id = cm.case_id AND fcm.kind = 'new'
       LEFT JOIN messages first ON first.id = fcm.message_id
       LEFT JOIN customers cu ON cu.id = m.customer_id
      WHERE m.direction = 'inbound' ORDER BY m.arrival_seq`,
  );
  const cases = await db.query<{ first: string; category: string; ground: string | null; language: string; out_of_time: boolean; events: string[]; mail: string[] }>(
    `SELECT first.message_id_header AS first, c.category, c.ground, c.language, c.out_of_time,
            ARRAY(SELECT e.type || ':' || coalesce(e.data->>'kind', e.data->>'template', '') FROM case_events e WHERE e.case_id = c.id ORDER BY e.id) AS events,
            ARRAY(SELECT o.template || ':' || o.to_address || ':' || regexp_replace(om.text_body, '[A-Z]+-[0-9]{4}-[0-9]+', 'REF', 'g')
                    FROM outbox o JOIN messages om ON om.id = o.message_id WHERE o.case_id = c.id ORDER BY o.id) AS mail
       FROM cases c JOIN case_messages fcm ON fcm.case_id = c.id AND fcm.kind = 'new' JOIN messages first ON first.id = fcm.message_id
      ORDER BY c.arrival_seq`,
  );
  const customers = await db.query<{ email: string; display_name: string | null; accounts: string[] }>(
    `SELECT cu.email, cu.display_name, ARRAY(SELECT a.account_id FROM customer_accounts a WHERE a.customer_id = cu.id ORDER BY 1) AS accounts FROM customers cu ORDER BY cu.email`,
  );
  return { messages: messages.rows, cases: cases.rows, customers: customers.rows };
}

describe('batch processing', () => {
  it('threads a batch exactly as one message after another', async () => {
    const [batched, single] = sides as [Side, Side];
    for (let i = 0; i < batched.ids.length; i += 20) await processMessages(batched.db, batched.ids.slice(i, i + 20), batched.harness.config, batched.mail);
    for (const id of single.ids) await processMessage(single.db, id, single.harness.config, single.mail);

    const a = (await whatProcessingDid(batched.db)) as { messages: unknown[]; cases: unknown[] };
    const b = await whatProcessingDid(single.db);
    // The mailbox exercises what batching must get right.
    expect(a.messages.length).toBe(mailbox.messages.length);
    expect(a.cases.length).toBeGreaterThan(100);
    expect(JSON.stringify(a)).toContain('"kind":"repeat"');
    expect(JSON.stringify(a)).toContain('"kind":"follow-up"');
    expect(JSON.stringify(a)).toContain('repeat-received');
    expect(a).toEqual(b);
  });

  it('changes nothing when a batch is processed again', async () => {
    const [batched] = sides as [Side, Side];
    const before = await whatProcessingDid(batched.db);
    const outcomes = await processMessages(batched.db, batched.ids.slice(0, 20), batched.harness.config, batched.mail);
    expect(outcomes.every((o) => o.status === 'already-processed')).toBe(true);
    expect(await whatProcessingDid(batched.db)).toEqual(before);
  });
});
