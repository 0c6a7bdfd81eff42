import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadCases } from '../../src/cases/case-view.ts';
import { nextCase, releaseCase } from '../../src/cases/queue.ts';
import type { Database } from '../../src/db/port.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startIngest, type IngestHarness } from '../support/ingest-harness.ts';
import { makeMail } from '../support/mail-factory.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The chronological queue on real PostgreSQL: hand-out strictly by first arrival, gated on
 * earlier unprocessed mail, released cases back at their place, repeats never moving a case.
 */
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

const customerMail = (n: number, subject: string, body: string) =>
  makeMail(n, { from: `Client ${n} <client${n}@example.fr>`, subject, body: `Bonjour,\r\n\r\n${body}\r\n\r\nCordialement,\r\nClient ${n}\r\n` });

const PROBLEMS = [
  ['Retrait non reçu', "J'ai demandé un retrait de 200 euros il y a dix jours et rien n'est arrivé sur mon compte bancaire."],
  ['Compte bloqué', 'Mon compte a été suspendu sans explication alors que je respecte les conditions générales.'],
  ['Bonus non crédité', "Le bonus de bienvenue promis lors de mon inscription n'a jamais été crédité."],
  ['Erreur sur le site', "Le site affiche une erreur 500 quand je valide mon pari, et ma mise a quand même été débitée."],
] as const;

describe('the chronological case queue', () => {
  it('hands cases out by first arrival, waits behind unprocessed earlier mail, and puts released cases back at their place', async () => {
    harness = await startIngest({ DATABASE_URL: testDb.url }, { process: false });
    // Twelve customers, one case each, arriving in order; then repeats from the first three.
    const firsts = Array.from({ length: 12 }, (_, i) => customerMail(i, PROBLEMS[i % 4]![0], PROBLEMS[i % 4]![1]));
    const stored: string[] = [];
    for (const [i, raw] of firsts.entries()) {
      const outcome = await harness.sink({ raw, receivedAt: new Date(Date.UTC(2026, 10, 2, 9, i)), origin: { kind: 'import', path: `/mail/${i}.eml`, index: 0 } });
      if (outcome.status !== 'stored') throw new Error(`not stored: ${outcome.status}`);
      stored.push(outcome.id);
    }
    for (let i = 0; i < 3; i++) {
      await harness.sink({ raw: customerMail(i, `Relance : ${PROBLEMS[i % 4]![0]}`, 'Je vous relance, toujours pas de réponse.'), receivedAt: new Date(Date.UTC(2026, 10, 3, 9, i)), origin: { kind: 'import', path: `/mail/r${i}.eml`, index: 0 } });
    }

    // Hold message #6 "in processing": a row lock makes its processing transaction wait.
    const holder = new pg.Client({ connectionString: testDb.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM messages WHERE id = $1 FOR UPDATE', [stored[5]]);

    // Nothing is processed yet: nothing can be handed out.
    expect(await nextCase(db, 'alice')).toMatchObject({ status: 'waiting' });

    const { workProcessMessage } = await import('../../src/jobs/process-message.ts');
    await workProcessMessage(await harness.runtime.boss(), harness.runtime.db, harness.config, null, harness.runtime.logger);
    const others = stored.filter((_, i) => i !== 5);
    await waitFor('the other first messages processed', async () => {
      const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE processed_at IS NOT NULL AND id = ANY($1)', [others]);
      return r.rows[0]?.n === String(others.length) || undefined;
    });

    // Cases 1–5 arrived before the held message: they go out, in order. Then the queue waits.
    const handed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await nextCase(db, i % 2 ? 'bob' : 'alice');
      expect(r.status).toBe('assigned');
      if (r.status === 'assigned') handed.push(r.arrivalSeq);
    }
    const blocked = await nextCase(db, 'carol');
    expect(blocked).toMatchObject({ status: 'waiting' });

    // A released case returns to its original place: first again.
    const [firstCase] = await loadCases(db, { status: 'assigned', limit: 1 });
    await releaseCase(db, firstCase!.ref, 'alice');
    await holder.query('ROLLBACK');
    await holder.end();
    await waitFor('held message processed', async () => (await db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE processed_at IS NULL')).rows[0]?.n === '0' || undefined);

    const again = await nextCase(db, 'dave');
    expect(again).toMatchObject({ status: 'assigned', ref: firstCase!.ref });
    const rest: string[] = [];
    for (;;) {
      const r = await nextCase(db, 'erin');
      if (r.status !== 'assigned') break;
      rest.push(r.arrivalSeq);
    }
    const order = [...handed, ...rest].map(Number);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).toHaveLength(12);

    // The repeats joined their cases as repeats and did not move them.
    const cases = await loadCases(db);
    expect(cases).toHaveLength(12);
    for (const c of cases.slice(0, 3)) {
      expect(c.messages.map((m) => m.kind)).toEqual(['new', 'repeat']);
      expect(c.arrivalSeq).toBe(c.messages[0]!.arrivalSeq);
    }
  });
});
