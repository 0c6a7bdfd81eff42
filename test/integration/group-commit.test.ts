import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Database } from '../../src/db/port.ts';
import type { IncomingMessage } from '../../src/ingest/incoming-message.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import { lookUpStored } from '../../src/ingest/stored-look-up.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { makeMail } from '../support/mail-factory.ts';

/**
 * The store's group commit on real PostgreSQL and pg-boss: several prepared messages in one
 * transaction, each whole; never two of one processing key together (pg-boss orders a key's jobs
 * by the enqueuing transaction's start, ties by random id); a failure stores none of the group;
 * the batch look-up of what is already stored.
 */
const logger = createLogger('silent');
let testDb: TestDatabase;
let db: Database;
let boss: PgBoss;
let config: Config;
let store: ReturnType<typeof createMessageStore>;
let path = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.open();
  config = loadConfig({ DATABASE_URL: testDb.url, LOG_LEVEL: 'silent', SUPPORT_ADDRESS: 'support@guichet.example' });
  boss = await startBoss({ kind: 'postgres', connectionString: testDb.url }, logger, { supervise: false });
  store = createMessageStore({ db, boss, limits: config.limits, settings: config, logger });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await testDb?.drop();
});

const incoming = (raw: Buffer): IncomingMessage => ({ raw, receivedAt: new Date(), origin: { kind: 'import', path: `/mail/${++path}.eml`, index: 0 } });

/** Per message id: its transaction (xmin), arrival, and its job's key and created_on. */
async function rowsOf(ids: string[]) {
  const { rows } = await db.query<{ id: string; tx: string; arrival_seq: string; key: string | null; created_on: Date | null }>(
    `SELECT m.id, m.xmin::text AS tx, m.arrival_seq, j.singleton_key AS key, j.created_on
       FROM messages m LEFT JOIN pgboss.job j ON j.name = 'process-message' AND (j.data->>'messageId')::bigint = m.id
      WHERE m.id = ANY($1::bigint[]) ORDER BY m.arrival_seq`,
    [ids],
  );
  return rows;
}

describe('commitGroup', () => {
  it('stores consecutive messages in one transaction, in order, and starts a new one when a processing key repeats', async () => {
    const a = makeMail(1, { from: 'Alice <alice@example.fr>', subject: 'Retrait refusé' });
    const b = makeMail(2, { from: 'Bob <bob@example.fr>', subject: 'Question' });
    const c = makeMail(3, { from: 'Alice <alice@example.fr>', subject: 'Retrait refusé (relance)' });
    const d = makeMail(4, { from: 'Chloé <chloe@example.fr>', subject: 'Autre' });
    const prepared = await Promise.all([a, b, c, d, b].map((raw) => store.prepare(incoming(raw))));
    const outcomes = await store.commitGroup(prepared);

    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'stored', 'stored', 'stored', 'duplicate']);
    expect(outcomes[4]?.id).toBe(outcomes[1]?.id); // the same bytes again: one message, one more origin
    const ids = outcomes.slice(0, 4).map((o) => o.id);
    const rows = await rowsOf(ids);
    expect(rows.map((r) => r.id)).toEqual(ids); // arrival order = the order given
    const [ra, rb, rc, rd] = rows;
    // Alice's second message waits for the next transaction; Chloé's joins it.
    expect(rb?.tx).toBe(ra?.tx);
    expect(rc?.tx).not.toBe(ra?.tx);
    expect(rd?.tx).toBe(rc?.tx);
    // One job each, and Alice's two jobs ordered by created_on, not by a random id.
    expect(rows.every((r) => r.key !== null)).toBe(true);
    expect(rc?.key).toBe(ra?.key);
    expect(rb?.key).not.toBe(ra?.key);
    expect((rc?.created_on as Date).getTime()).toBeGreaterThan((ra?.created_on as Date).getTime());
    const origins = await db.query<{ n: string }>('SELECT count(*) AS n FROM message_origins WHERE message_id = $1', [outcomes[1]?.id]);
    expect(origins.rows[0]?.n).toBe('2');
  });

  it('does not put two addresses that give the same account identifier in one transaction', async () => {
    const signed = (n: number, from: string) => makeMail(n, { from, subject: `Compte ${n}`, body: `Bonjour,\r\nmon retrait est bloqué.\r\n\r\nIdentifiant : PP654321\r\n` });
    const raws = [signed(8, 'jo@example.fr'), makeMail(9, { from: 'kim@example.fr' }), signed(10, 'jo.pro@example.com')];
    const outcomes = await store.commitGroup(await Promise.all(raws.map((raw) => store.prepare(incoming(raw)))));
    const [first, other, second] = await rowsOf(outcomes.map((o) => o.id));
    expect(other?.tx).toBe(first?.tx);
    expect(second?.tx).not.toBe(first?.tx); // one customer once processing finds them by identifier
    expect(second?.key).not.toBe(first?.key); // yet two processing keys (two addresses)
  });

  it('does not put a reply and the message it answers in one transaction', async () => {
    const original = makeMail(11, { from: 'lea@example.fr', messageId: 'original-11@customer.example' });
    const stranger = makeMail(12, { from: 'max@example.fr' });
    const reply = makeMail(13, { from: 'ned@example.fr', subject: 'RE: Demande', extraHeaders: { 'In-Reply-To': '<original-11@customer.example>' } });
    const outcomes = await store.commitGroup(await Promise.all([original, stranger, reply].map((raw) => store.prepare(incoming(raw)))));
    const [ro, rs, rr] = await rowsOf(outcomes.map((o) => o.id));
    expect(rs?.tx).toBe(ro?.tx);
    expect(rr?.tx).not.toBe(ro?.tx);
  });

  it('stores the messages before one that cannot be written, reports them, and names the culprit', async () => {
    await db.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.subject = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await db.query('CREATE TRIGGER refuse_boom BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_boom()');
    try {
      const raws = [makeMail(5, { from: 'dan@example.fr' }), makeMail(6, { from: 'eve@example.fr', subject: 'boom' }), makeMail(7, { from: 'fay@example.fr' })];
      const prepared = await Promise.all(raws.map((raw) => store.prepare(incoming(raw))));
      const reported: [number, string][] = [];
      const culpritPath = `/mail/${path - 1}.eml`;
      await expect(store.commitGroup(prepared, (index, outcome) => reported.push([index, outcome.status]))).rejects.toThrow(
        new RegExp(`storing the message at import ${culpritPath}, sha256 [0-9a-f]{64} failed: refused by the test`),
      );
      // The three went in one transaction, which failed; retried one by one, the first is stored
      // (and reported), the culprit throws, the last is left for the next attempt.
      expect(reported).toEqual([[0, 'stored']]);
      const subjects = await db.query<{ from_address: string }>('SELECT from_address FROM messages WHERE from_address = ANY($1) ORDER BY arrival_seq', [['dan@example.fr', 'eve@example.fr', 'fay@example.fr']]);
      expect(subjects.rows.map((r) => r.from_address)).toEqual(['dan@example.fr']);
      const jobs = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->>'messageId')::bigint WHERE j.name = 'process-message' AND m.from_address = 'dan@example.fr'`);
      expect(jobs.rows[0]?.n).toBe('1');
      // Prepared again (as the next pass would), the others go through once the fault is gone.
      await db.query('DROP TRIGGER refuse_boom ON messages');
      const again = await Promise.all([raws[1], raws[2]].map((raw) => store.prepare(incoming(raw as Buffer))));
      expect((await store.commitGroup(again)).map((o) => o.status)).toEqual(['stored', 'stored']);
    } finally {
      await db.query('DROP TRIGGER IF EXISTS refuse_boom ON messages');
      await db.query('DROP FUNCTION refuse_boom()');
    }
  });
});

describe('lookUpStored', () => {
  it('finds stored messages by their bytes, else by their IMAP place, in one statement for a batch', async () => {
    const stored = makeMail(20, { from: 'gus@example.fr' });
    const atUid = makeMail(21, { from: 'hal@example.fr' });
    const fresh = makeMail(22, { from: 'ivy@example.fr' });
    const { rows } = await db.query<{ id: string }>(`INSERT INTO mailboxes (account, name, uid_validity, last_uid) VALUES ('look-up', 'INBOX', 7, 0) RETURNING id`);
    const mailboxId = rows[0]?.id as string;
    const imapAt = (raw: Buffer, uid: number): IncomingMessage => ({ raw, receivedAt: new Date(), origin: { kind: 'imap', mailboxId, uidValidity: 7n, uid } });
    const first = await store.commitGroup(await Promise.all([store.prepare(imapAt(stored, 1)), store.prepare(imapAt(atUid, 2))]));
    // The same bytes at another UID; other bytes at an already stored UID; a new message.
    const found = await lookUpStored(db, [imapAt(stored, 5), imapAt(Buffer.concat([atUid, Buffer.from('\r\n')]), 2), imapAt(fresh, 6)]);
    expect(found.map((f) => f.knownId)).toEqual([first[0]?.id, first[1]?.id, null]);
    expect(found[2]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await lookUpStored(db, [])).toEqual([]);
  });
});

describe('process-message job ids', () => {
  it("sort in arrival order, so a created_on tie (one transaction, or PGlite's millisecond clock) keeps a customer's order", async () => {
    const raws = Array.from({ length: 40 }, (_, i) => makeMail(40 + i, { from: i % 2 ? 'pat@example.fr' : `walk-in-${i}@example.fr` }));
    const outcomes = await store.commitGroup(await Promise.all(raws.map((raw) => store.prepare(incoming(raw)))));
    const ids = outcomes.map((o) => o.id);
    const byJobId = await db.query<{ id: string }>(
      `SELECT m.id FROM messages m JOIN pgboss.job j ON j.name = 'process-message' AND (j.data->>'messageId')::bigint = m.id WHERE m.id = ANY($1::bigint[]) ORDER BY j.id`,
      [ids],
    );
    expect(byJobId.rows.map((r) => r.id)).toEqual(ids);
  });
});

describe('storing odd messages', () => {
  it('stores a message whose Message-ID is too long to index, without it as a threading key', async () => {
    const longId = `${randomBytes(2000).toString('hex')}@customer.example`; // incompressible, 4 KB
    const outcome = await store(incoming(makeMail(30, { from: 'oli@example.fr', messageId: longId })));
    expect(outcome.status).toBe('stored');
    const { rows } = await db.query<{ message_id_header: string | null; raw: Buffer }>('SELECT message_id_header, raw FROM messages WHERE id = $1', [outcome.id]);
    expect(rows[0]?.message_id_header).toBeNull();
    expect(rows[0]?.raw.toString('latin1')).toContain(longId); // nothing lost: the bytes keep it
  });

  it('counts the Message-ID limit in bytes: 992 characters, 2,942 bytes of UTF-8', async () => {
    const cjk = `${'鍵'.repeat(975)}@customer.example`;
    const raw = Buffer.from(makeMail(31, { from: 'pia@example.fr' }).toString('utf8').replace(/^Message-ID: .*$/m, `Message-ID: <${cjk}>`), 'utf8');
    const outcome = await store(incoming(raw));
    expect(outcome.status).toBe('stored');
    const { rows } = await db.query<{ message_id_header: string | null }>('SELECT message_id_header FROM messages WHERE id = $1', [outcome.id]);
    expect(rows[0]?.message_id_header).toBeNull();
  });

  it('stores raw and quarantines (UNSTORABLE) a message whose fields PostgreSQL refuses, and goes on with the others', async () => {
    // A data exception on this message's parsed fields only (what an over-long value would raise).
    await db.query(`CREATE FUNCTION refuse_fields() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.subject = 'refused-fields' THEN RAISE EXCEPTION 'value too long for the test' USING ERRCODE = 'string_data_right_truncation'; END IF; RETURN NEW; END $$`);
    await db.query('CREATE TRIGGER refuse_fields BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_fields()');
    try {
      const raws = [makeMail(32, { from: 'quinn@example.fr' }), makeMail(33, { from: 'rosa@example.fr', subject: 'refused-fields' }), makeMail(34, { from: 'sam@example.fr' })];
      const outcomes = await store.commitGroup(await Promise.all(raws.map((raw) => store.prepare(incoming(raw)))));
      expect(outcomes.map((o) => o.status)).toEqual(['stored', 'quarantined', 'stored']);
      const { rows } = await db.query<{ quarantine_code: string | null; quarantine_detail: string | null; subject: string | null; raw: Buffer; processed: boolean; jobs: string }>(
        `SELECT m.quarantine_code, m.quarantine_detail, m.subject, m.raw, m.processed_at IS NOT NULL AS processed,
                (SELECT count(*) FROM pgboss.job j WHERE j.name = 'process-message' AND (j.data->>'messageId')::bigint = m.id) AS jobs
           FROM messages m WHERE m.id = $1`,
        [outcomes[1]?.id],
      );
      expect(rows[0]).toMatchObject({ quarantine_code: 'UNSTORABLE', subject: null, processed: true, jobs: '0' });
      expect(rows[0]?.quarantine_detail).toMatch(/SQLSTATE 22001.*value too long for the test/);
      expect(rows[0]?.raw.equals(raws[1] as Buffer)).toBe(true);
    } finally {
      await db.query('DROP TRIGGER IF EXISTS refuse_fields ON messages');
      await db.query('DROP FUNCTION IF EXISTS refuse_fields()');
    }
  });
});
