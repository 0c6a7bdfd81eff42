import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Database } from '../../src/db/port.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { processMessages } from '../../src/jobs/process-messages.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { makeMail } from '../support/mail-factory.ts';

/**
 * Processing in arrival order beyond what pg-boss serialises (one address): a customer known
 * under two addresses through an account identifier, and an automatic reply to a message, are
 * threaded after their earlier messages — waiting for a batch that holds one, or threading it
 * first when nobody does (src/jobs/predecessors.ts).
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

const put = async (raw: Buffer): Promise<string> => (await store({ raw, receivedAt: new Date(), origin: { kind: 'import', path: `/m/${++path}.eml`, index: 0 } })).id;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The database, its transactions held open `ms` before COMMIT: a batch still running. */
const slow = (inner: Database, ms: number): Database => ({
  ...inner,
  transaction: (work, options) =>
    inner.transaction(async (tx) => {
      const result = await work(tx);
      await sleep(ms);
      return result;
    }, options),
});

/** Per message: its customer, case and kind there. */
async function placed(ids: string[]) {
  const { rows } = await db.query<{ id: string; customer_id: string; case_id: string; kind: string }>(
    'SELECT m.id, m.customer_id, cm.case_id, cm.kind FROM messages m JOIN case_messages cm ON cm.message_id = m.id WHERE m.id = ANY($1::bigint[]) ORDER BY m.arrival_seq',
    [ids],
  );
  return rows;
}

/** Two messages about one problem from two addresses that give the same account identifier. */
async function linkedPair(): Promise<[string, string]> {
  const account = `PP${randomBytes(3).toString('hex')}9`;
  const body = `Bonjour,\r\n\r\nMon retrait de 200 euros n'est jamais arrivé sur mon compte.\r\n\r\nIdentifiant : ${account}\r\n`;
  const a = await put(makeMail(1, { from: `Alix <alix-${account}@example.fr>`, subject: 'Retrait non reçu', body }));
  const b = await put(makeMail(2, { from: `Alix (bureau) <alix-${account}@bureau.example>`, subject: 'Retrait non reçu', body }));
  return [a, b];
}

describe('earlier messages a batch depends on', () => {
  it('waits for a batch threading the earlier message of the same customer (other address), then merges the repeat', async () => {
    const [a, b] = await linkedPair();
    const first = processMessages(slow(db, 400), [a], config, null);
    await sleep(100); // a's transaction holds it
    const [outcomeB] = await processMessages(db, [b], config, null);
    const [outcomeA] = await first;
    expect(outcomeA?.status).toBe('new-case');
    expect(outcomeB).toMatchObject({ status: 'attached', kind: 'repeat' });
    const [pa, pb] = await placed([a, b]);
    expect(pb?.customer_id).toBe(pa?.customer_id);
    expect(pb?.case_id).toBe(pa?.case_id);
  });

  it('threads the earlier message first when nobody holds it, and its own job then finds it processed', async () => {
    const [a, b] = await linkedPair();
    const [outcomeB] = await processMessages(db, [b], config, null);
    expect(outcomeB).toMatchObject({ status: 'attached', kind: 'repeat' });
    const [pa, pb] = await placed([a, b]);
    expect(pa?.kind).toBe('new'); // the case's place is a's arrival
    expect(pb?.case_id).toBe(pa?.case_id);
    const { rows } = await db.query<{ arrival_seq: string }>('SELECT arrival_seq FROM cases WHERE id = $1', [pa?.case_id]);
    const arrivalA = await db.query<{ arrival_seq: string }>('SELECT arrival_seq FROM messages WHERE id = $1', [a]);
    expect(rows[0]?.arrival_seq).toBe(arrivalA.rows[0]?.arrival_seq);
    expect(await processMessages(db, [a], config, null)).toEqual([{ status: 'already-processed' }]);
  });

  it('threads an automatic reply to a message after that message (it attaches by reference)', async () => {
    const original = `${randomBytes(6).toString('hex')}@customer.example`;
    const a = await put(makeMail(3, { from: 'Carla <carla@example.fr>', subject: 'Dépôt non crédité', messageId: original, body: "Bonjour,\r\n\r\nMon dépôt de 50 euros n'est pas crédité.\r\n" }));
    const b = await put(
      makeMail(4, {
        from: 'Conseiller <conseiller@banque.example>',
        subject: 'Réponse automatique : Dépôt non crédité',
        extraHeaders: { 'In-Reply-To': `<${original}>`, References: `<${original}>`, 'Auto-Submitted': 'auto-replied' },
        body: "Je suis absent jusqu'au 3 décembre.\r\n",
      }),
    );
    const first = processMessages(slow(db, 400), [a], config, null);
    await sleep(100);
    const [outcomeB] = await processMessages(db, [b], config, null);
    await first;
    expect(outcomeB).toMatchObject({ status: 'attached', kind: 'auto-reply' });
    const [pa, pb] = await placed([a, b]);
    expect(pb?.case_id).toBe(pa?.case_id);
  });

  it('leaves earlier messages that share nothing with the batch alone', async () => {
    const stranger = await put(makeMail(5, { from: 'Dana <dana@example.fr>', subject: 'Question' }));
    const other = await put(makeMail(6, { from: 'Eli <eli@example.fr>', subject: 'Autre question' }));
    expect((await processMessages(db, [other], config, null))[0]?.status).toBe('new-case');
    const { rows } = await db.query<{ processed: boolean }>('SELECT processed_at IS NOT NULL AS processed FROM messages WHERE id = $1', [stranger]);
    expect(rows[0]?.processed).toBe(false);
  });
});
