import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/port.ts';
import { bcubed } from '../support/bcubed.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { startIngest, type IngestHarness } from '../support/ingest-harness.ts';
import { generateMailbox } from '../support/mailbox-generator/index.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Threading, repeat merging and the queue against a generated mailbox with ground truth: 320
 * realistic messages in French and English, direct and through the contact form, repeats without
 * threading headers, follow-ups, second problems, same-subject strangers, out-of-office replies,
 * bounces, windows-1252 and UTF-8 — ingested from real Dovecot into real PostgreSQL.
 */
const dovecot = sharedDovecot();
const FORM = 'formulaire@site.example';
const SUPPORT = 'support@guichet.example';
let testDb: TestDatabase;
let db: Database;
let harness: IngestHarness;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.open();
});
afterAll(async () => {
  await harness?.stop();
  await testDb.drop();
});

describe('threading a realistic mailbox', () => {
  it('groups messages into cases as the ground truth says (B-cubed ≥ 0.98), never from auto-replies or bounces, never mixing customers, queued by first arrival', async () => {
    const mailbox = generateMailbox({ seed: 1, contactFormSender: FORM, supportAddress: SUPPORT, start: new Date('2026-11-02T08:00:00Z') });
    const messages = mailbox.messages;
    const user = uniqueUser('threading');
    await dovecot.appendMessages(user, 'INBOX', messages.map((m) => m.raw), { internalDate: messages.map((m) => m.internalDate) });
    harness = await startIngest(
      { DATABASE_URL: testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '500', CONTACT_FORM_SENDERS: FORM, SUPPORT_ADDRESS: SUPPORT },
      { process: true },
    );
    await waitFor(
      `${messages.length} messages stored and processed`,
      async () => (await db.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND processed_at IS NOT NULL")).rows[0]?.n === String(messages.length) || undefined,
      120_000,
      200,
    );

    const { rows } = await db.query<{ message_id_header: string; case_id: string | null; kind: string | null; arrival_seq: string; customer: string | null }>(
      `SELECT m.message_id_header, cm.case_id, cm.kind, m.arrival_seq, cu.email AS customer
         FROM messages m LEFT JOIN case_messages cm ON cm.message_id = m.id LEFT JOIN cases c ON c.id = cm.case_id LEFT JOIN customers cu ON cu.id = c.customer_id`,
    );
    const byId = new Map(rows.map((r) => [r.message_id_header, r]));
    const predicted = messages.map((m) => byId.get(m.messageId)?.case_id ?? null);
    const truth = messages.map((m) => m.truth.caseKey);
    const score = bcubed(truth, predicted);
    console.log(`B-cubed over ${truth.filter((t) => t !== null).length} case messages: precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}, F1 ${score.f1.toFixed(4)}`);
    expect(score.precision).toBeGreaterThanOrEqual(0.98);
    expect(score.recall).toBeGreaterThanOrEqual(0.98);

    // Auto-replies and bounces never open a case.
    const automatic = messages.filter((m) => m.truth.caseKey === null);
    expect(automatic.filter((m) => byId.get(m.messageId)?.kind === 'new')).toEqual([]);

    // No case mixes customers: every message of a case has that case's customer as its truth.
    const customersPerCase = new Map<string, Set<string>>();
    for (const m of messages) {
      const row = byId.get(m.messageId);
      if (!row?.case_id || m.truth.customer === null) continue;
      const set = customersPerCase.get(row.case_id) ?? new Set<string>();
      set.add(m.truth.customer);
      customersPerCase.set(row.case_id, set);
    }
    expect([...customersPerCase.values()].filter((s) => s.size > 1)).toEqual([]);

    // Queue order is first-message arrival order, and arrival order is INTERNALDATE order here.
    const seqs = messages.map((m) => Number(byId.get(m.messageId)?.arrival_seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const places = await db.query<{ ok: boolean; n: string }>(
      `SELECT bool_and(c.arrival_seq = (SELECT min(m.arrival_seq) FROM case_messages cm JOIN messages m ON m.id = cm.message_id WHERE cm.case_id = c.id)) AS ok, count(*) AS n FROM cases c`,
    );
    expect(places.rows[0]?.ok).toBe(true);
    console.log(`cases: ${places.rows[0]?.n} (truth: ${mailbox.cases.size})`);
  });
});
