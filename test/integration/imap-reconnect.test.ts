import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/port.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { appendMessages, startDovecot, uniqueUser, type DovecotServer } from '../support/dovecot.ts';
import { startIngest } from '../support/ingest-harness.ts';
import { makeMail } from '../support/mail-factory.ts';
import { waitFor } from '../support/wait.ts';

let dovecot: DovecotServer;
let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  dovecot = await startDovecot({ name: 'restart' }); // private: this test restarts it
  testDb = await createTestDatabase();
  db = testDb.open();
});
afterAll(async () => {
  await dovecot?.dispose();
  await testDb?.drop();
});

const sha = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

describe('IMAP reconnection', () => {
  it('reconnects after Dovecot restarts mid-run and loses nothing', async () => {
    const user = uniqueUser('restart');
    const first = Array.from({ length: 30 }, (_, i) => makeMail(i, { attachmentBytes: i % 3 === 0 ? 100_000 : 0 }));
    const second = Array.from({ length: 20 }, (_, i) => makeMail(100 + i));
    await appendMessages(dovecot, user, 'INBOX', first);
    const ingest = await startIngest({ DATABASE_URL: testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '500' });
    try {
      // Restart as soon as ingestion has begun, so it is cut off mid-run.
      await waitFor('ingestion started', async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE direction = 'inbound'")).rows[0]?.n) > 0 || undefined, 20_000, 5);
      await dovecot.restart();
      await appendMessages(dovecot, user, 'INBOX', second);
      await waitFor('all 50 stored after the restart', async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE direction = 'inbound'")).rows[0]?.n) === 50 || undefined, 30_000);
      const { rows } = await db.query<{ sha256: string }>("SELECT sha256 FROM messages WHERE direction = 'inbound' ORDER BY arrival_seq");
      expect(rows.map((r) => r.sha256)).toEqual([...first, ...second].map(sha));
      const jobs = await db.query<{ n: string }>(`SELECT count(DISTINCT data->>'messageId') AS n, count(*) AS total FROM pgboss.job WHERE name = 'process-message'`);
      expect(Number(jobs.rows[0]?.n)).toBe(50);
      // The watcher recorded the disconnect it recovered from.
      const box = await db.query<{ last_error_at: Date | null; last_poll_at: Date | null }>('SELECT last_error_at, last_poll_at FROM mailboxes');
      expect(box.rows[0]?.last_error_at).not.toBeNull();
      expect(box.rows[0]!.last_poll_at!.getTime()).toBeGreaterThan(box.rows[0]!.last_error_at!.getTime());
    } finally {
      await ingest.stop();
    }
  });
});
