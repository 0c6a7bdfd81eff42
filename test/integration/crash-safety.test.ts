import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../support/cli.ts';
import { useTestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { makeMail } from '../support/mail-factory.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { waitFor } from '../support/wait.ts';

const dovecot = sharedDovecot();
const ctx = useTestDatabase();

const sha = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');
const storedCount = async () => Number((await ctx.db.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE direction = 'inbound'")).rows[0]?.n);

describe('crash safety of ingestion', () => {
  it('a real `guichet start` killed with SIGKILL five times while 200 messages arrive stores exactly the appended set, each with one job', async () => {
    const user = uniqueUser('crash');
    const raws = Array.from({ length: 200 }, (_, i) => makeMail(i, { attachmentBytes: i % 25 === 0 ? 50_000 : 0 }));
    const env = { DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '200' };

    // Mail keeps arriving while the worker is killed and restarted.
    const appending = (async () => {
      for (let i = 0; i < raws.length; i += 10) {
        await dovecot.appendMessages(user, 'INBOX', raws.slice(i, i + 10));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();

    const storedAtKill: number[] = [];
    for (let round = 0; round < 5; round++) {
      const before = await storedCount();
      const worker = spawnWorker(env);
      // Kill at a random moment once this run has started storing (or after a while if nothing is left).
      await waitFor('progress before the kill', async () => (await storedCount()) > before || worker.child.exitCode !== null || undefined, 30_000, 10).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 250)));
      worker.child.kill('SIGKILL');
      storedAtKill.push(await storedCount());
      const { signal } = await worker.exited;
      expect(signal).toBe('SIGKILL');
    }
    await appending;
    // The kills must have landed while ingestion was under way, not before or after it.
    expect(storedAtKill.filter((n) => n > 0 && n < 200).length, `stored at each kill: ${storedAtKill.join(', ')}`).toBeGreaterThanOrEqual(3);

    const worker = spawnWorker(env);
    try {
      await waitFor('all 200 stored', async () => (await storedCount()) >= 200 || undefined, 60_000);
    } finally {
      worker.child.kill('SIGTERM');
    }
    const exit = await worker.exited;
    expect(exit.code).toBe(0); // graceful shutdown on SIGTERM

    const { rows } = await ctx.db.query<{ sha256: string }>("SELECT sha256 FROM messages WHERE direction = 'inbound' ORDER BY arrival_seq");
    expect(rows.length).toBe(200);
    expect(new Set(rows.map((r) => r.sha256))).toEqual(new Set(raws.map(sha)));
    // Arrival order is UID order, which is append order here.
    expect(rows.map((r) => r.sha256)).toEqual(raws.map(sha));
    const jobs = await ctx.db.query<{ message_id: string; n: string }>(
      `SELECT data->>'messageId' AS message_id, count(*) AS n FROM pgboss.job WHERE name = 'process-message' GROUP BY 1`,
    );
    expect(jobs.rows.length).toBe(200);
    expect(jobs.rows.every((r) => Number(r.n) === 1)).toBe(true);
  });
});
