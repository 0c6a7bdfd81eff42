import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../support/cli.ts';
import { firstMail, repeatMail } from '../support/customer-mail.ts';
import { useTestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { waitFor } from '../support/wait.ts';

const dovecot = sharedDovecot();
const ctx = useTestDatabase();

const count = async (sql: string) => Number((await ctx.db.query<{ n: string }>(sql)).rows[0]?.n);

describe('kill -9 of a worker mid-processing', () => {
  it('leaves every message in exactly one case, every case opened once', async () => {
    const user = uniqueUser('proc-crash');
    const mail: Buffer[] = [];
    for (let c = 0; c < 60; c++) {
      mail.push(firstMail(c, c));
      if (c >= 5) mail.push(repeatMail(c - 5, c - 5));
    }
    await dovecot.appendMessages(user, 'INBOX', mail);
    const env = { DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '300' };

    const processedAtKill: number[] = [];
    for (let round = 0; round < 3; round++) {
      const before = await count("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND processed_at IS NOT NULL");
      const worker = spawnWorker(env);
      await waitFor('processing under way', async () => (await count("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND processed_at IS NOT NULL")) > before || undefined, 60_000, 5);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 150)));
      worker.child.kill('SIGKILL');
      await worker.exited;
      processedAtKill.push(await count("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND processed_at IS NOT NULL"));
    }
    expect(processedAtKill.some((n) => n < mail.length), `processed at each kill: ${processedAtKill.join(', ')}`).toBe(true);

    const worker = spawnWorker(env);
    try {
      // Jobs held by the killed workers come back after their heartbeat lapses.
      await waitFor('every message processed', async () => (await count("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND processed_at IS NOT NULL")) === mail.length || undefined, 120_000, 200);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    expect(await count("SELECT count(*) AS n FROM messages WHERE direction = 'inbound'")).toBe(mail.length);
    expect(await count("SELECT count(*) AS n FROM case_messages WHERE kind <> 'outbound'")).toBe(mail.length);
    expect(await count('SELECT count(*) AS n FROM cases')).toBe(60);
    expect(await count("SELECT count(*) AS n FROM case_messages WHERE kind = 'repeat'")).toBe(55);
    expect(await count('SELECT count(DISTINCT customer_id) AS n FROM cases')).toBe(60);
    expect(await count("SELECT count(*) AS n FROM case_events WHERE type = 'case-opened'")).toBe(60);
  }, 300_000);
});
