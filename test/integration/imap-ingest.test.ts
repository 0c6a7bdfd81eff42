import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uniqueUser } from '../support/dovecot.ts';
import { useTestDatabase } from '../support/database.ts';
import { startIngest } from '../support/ingest-harness.ts';
import { makeMail } from '../support/mail-factory.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { waitFor } from '../support/wait.ts';

const dovecot = sharedDovecot();
const ctx = useTestDatabase();

const sha = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');
const count = async (sql: string, values: unknown[] = []) => Number((await ctx.db.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);

/** Rows of messages stored from one IMAP folder, in arrival order, with their UID. */
async function storedFrom(user: string, mailbox: string) {
  const { rows } = await ctx.db.query<{ sha256: string; arrival_seq: string; uid: string; uid_validity: string }>(
    `SELECT m.sha256, m.arrival_seq, o.uid, o.uid_validity FROM messages m
       JOIN message_origins o ON o.message_id = m.id JOIN mailboxes b ON b.id = o.mailbox_id
      WHERE b.name = $1 AND b.account LIKE $2 ORDER BY m.arrival_seq`,
    [mailbox, `${user}@%`],
  );
  return rows;
}

describe('IMAP ingestion on real Dovecot and PostgreSQL', () => {
  it('stores 50 appended messages once each, in UID order, each with one job, and flags them \\Seen after commit', async () => {
    const user = uniqueUser('fifty');
    const raws = Array.from({ length: 50 }, (_, i) => makeMail(i, { attachmentBytes: i % 10 === 0 ? 20_000 : 0 }));
    const uids = await dovecot.appendMessages(user, 'INBOX', raws);
    const ingest = await startIngest({ DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '500' });
    try {
      await waitFor('50 messages stored', async () => (await storedFrom(user, 'INBOX')).length === 50 || undefined);
      const rows = await storedFrom(user, 'INBOX');
      expect(rows.map((r) => r.sha256)).toEqual(raws.map(sha));
      expect(rows.map((r) => Number(r.uid))).toEqual(uids);
      const seqs = rows.map((r) => Number(r.arrival_seq));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(50);
      expect(await count(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'process-message'`)).toBe(50);
      expect(await count(`SELECT count(DISTINCT data->>'messageId') AS n FROM pgboss.job WHERE name = 'process-message'`)).toBe(50);
      expect(await count('SELECT count(*) AS n FROM message_attachments')).toBe(5);
      await waitFor('all flagged \\Seen', async () => {
        const flags = await dovecot.fetchFlags(user, 'INBOX');
        return [...flags.values()].every((f) => f.includes('\\Seen')) || undefined;
      });
      const cursor = await ctx.db.query<{ last_uid: string }>('SELECT last_uid FROM mailboxes WHERE account LIKE $1', [`${user}@%`]);
      expect(Number(cursor.rows[0]?.last_uid)).toBe(uids.at(-1));
    } finally {
      await ingest.stop();
    }
  });

  it('flags exactly what committed when a message of the batch cannot be stored, and stops there until it can', async () => {
    const user = uniqueUser('poison');
    const culprit = `boom-${user}`;
    const raws = Array.from({ length: 6 }, (_, i) => makeMail(100 + i, { from: `client${i}-${user}@example.fr`, subject: i === 3 ? culprit : `Demande ${i}` }));
    const uids = await dovecot.appendMessages(user, 'INBOX', raws);
    // A real write failure (as an over-long header would make one), for this message only.
    await ctx.db.query(`CREATE FUNCTION refuse_culprit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.subject = '${culprit}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await ctx.db.query('CREATE TRIGGER refuse_culprit BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_culprit()');
    const ingest = await startIngest({ DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '300' });
    try {
      // The three before it are stored — in one group or one at a time — and flagged; it and
      // those after it are neither (order beats progress), pass after pass.
      await waitFor('the messages before the culprit stored', async () => (await storedFrom(user, 'INBOX')).length === 3 || undefined);
      const flagged = await waitFor('the stored ones flagged', async () => {
        const flags = await dovecot.fetchFlags(user, 'INBOX');
        const seen = uids.filter((uid) => flags.get(uid)?.includes('\\Seen'));
        return seen.length >= 3 ? seen : undefined;
      });
      expect(flagged).toEqual(uids.slice(0, 3));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // a few more failing passes
      expect((await storedFrom(user, 'INBOX')).map((r) => Number(r.uid))).toEqual(uids.slice(0, 3));
      const flags = await dovecot.fetchFlags(user, 'INBOX');
      expect(uids.filter((uid) => flags.get(uid)?.includes('\\Seen'))).toEqual(uids.slice(0, 3));

      // Once it can be stored, the rest follows, in order.
      await ctx.db.query('DROP TRIGGER refuse_culprit ON messages');
      await waitFor('all six stored', async () => (await storedFrom(user, 'INBOX')).length === 6 || undefined, 60_000);
      expect((await storedFrom(user, 'INBOX')).map((r) => r.sha256)).toEqual(raws.map(sha));
    } finally {
      await ingest.stop();
      await ctx.db.query('DROP TRIGGER IF EXISTS refuse_culprit ON messages');
      await ctx.db.query('DROP FUNCTION IF EXISTS refuse_culprit()');
    }
  });

  it('stores mail appended while the worker idles within 2 s (IDLE, not the poll)', async () => {
    const user = uniqueUser('idle');
    const ingest = await startIngest({ DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '600000' });
    try {
      await dovecot.createMailbox(user, 'INBOX').catch(() => {});
      await waitFor('first poll recorded', async () => (await count('SELECT count(*) AS n FROM mailboxes WHERE account LIKE $1 AND last_poll_at IS NOT NULL', [`${user}@%`])) === 1 || undefined);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // let the client settle into IDLE
      for (let i = 0; i < 3; i++) {
        const raw = makeMail(1000 + i);
        await dovecot.appendMessages(user, 'INBOX', [raw]);
        await waitFor('idle pickup', async () => (await count('SELECT count(*) AS n FROM messages WHERE sha256 = $1', [sha(raw)])) === 1 || undefined, 2000, 20);
      }
    } finally {
      await ingest.stop();
    }
  });

  it('survives a UIDVALIDITY change: the folder recreated with the same messages plus new ones stores only the new ones', async () => {
    const user = uniqueUser('uidvalidity');
    const folder = 'Support';
    const first = Array.from({ length: 5 }, (_, i) => makeMail(i));
    await dovecot.createMailbox(user, folder);
    await dovecot.appendMessages(user, folder, first);
    const before = await dovecot.mailboxStatus(user, folder);
    const env = { DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_MAILBOX: folder, IMAP_POLL_INTERVAL_MS: '300' };
    let ingest = await startIngest(env);
    await waitFor('first 5 stored', async () => (await storedFrom(user, folder)).length === 5 || undefined);
    await ingest.stop();

    await dovecot.deleteMailbox(user, folder);
    await dovecot.createMailbox(user, folder);
    const added = Array.from({ length: 3 }, (_, i) => makeMail(100 + i));
    await dovecot.appendMessages(user, folder, [...first, ...added]);
    const after = await dovecot.mailboxStatus(user, folder);
    expect(after.uidValidity).not.toBe(before.uidValidity);

    ingest = await startIngest(env);
    try {
      await waitFor('cursor moved to the new UIDVALIDITY', async () => {
        const r = await ctx.db.query<{ uid_validity: string; last_uid: string }>('SELECT uid_validity, last_uid FROM mailboxes WHERE name = $1 AND account LIKE $2', [folder, `${user}@%`]);
        return (r.rows[0]?.uid_validity === after.uidValidity.toString() && Number(r.rows[0]?.last_uid) === 8) || undefined;
      });
      const all = [...first, ...added].map(sha);
      expect(await count('SELECT count(*) AS n FROM messages WHERE sha256 = ANY($1)', [all])).toBe(8);
      const jobs = await count(
        `SELECT count(*) AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->>'messageId')::bigint WHERE j.name = 'process-message' AND m.sha256 = ANY($1)`,
        [all],
      );
      expect(jobs).toBe(8);
    } finally {
      await ingest.stop();
    }
  });

  it('quarantines a malformed and an over-limit message, stored raw, and goes on with the next ones', async () => {
    const user = uniqueUser('quarantine');
    const good1 = makeMail(1);
    const tooBig = makeMail(2, { attachmentBytes: 200_000 });
    const tooDeep = makeDeeplyNested(30);
    const good2 = makeMail(3);
    await dovecot.appendMessages(user, 'INBOX', [good1, tooBig, tooDeep, good2]);
    const ingest = await startIngest({ DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), MAX_MESSAGE_BYTES: '100000', MAX_MIME_DEPTH: '10' });
    try {
      await waitFor('4 stored', async () => (await storedFrom(user, 'INBOX')).length === 4 || undefined);
      const { rows } = await ctx.db.query<{ sha256: string; quarantine_code: string | null; raw: Buffer }>(
        'SELECT sha256, quarantine_code, raw FROM messages WHERE sha256 = ANY($1) ORDER BY arrival_seq',
        [[good1, tooBig, tooDeep, good2].map(sha)],
      );
      expect(rows.map((r) => r.quarantine_code)).toEqual([null, 'TOO_LARGE', 'TOO_DEEP', null]);
      expect(Buffer.compare(rows[1]!.raw, tooBig)).toBe(0);
      expect(Buffer.compare(rows[2]!.raw, tooDeep)).toBe(0);
      // Quarantined mail gets no next-stage job; the good ones do.
      expect(await count(`SELECT count(*) AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->>'messageId')::bigint WHERE m.sha256 = ANY($1)`, [[good1, good2].map(sha)])).toBe(2);
      expect(await count(`SELECT count(*) AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->>'messageId')::bigint WHERE m.sha256 = ANY($1)`, [[tooBig, tooDeep].map(sha)])).toBe(0);
    } finally {
      await ingest.stop();
    }
  });

  it('moves committed messages to IMAP_MOVE_TO when IMAP_AFTER_INGEST=move, and stores them once', async () => {
    const user = uniqueUser('move');
    const raws = Array.from({ length: 8 }, (_, i) => makeMail(500 + i));
    await dovecot.appendMessages(user, 'INBOX', raws);
    const ingest = await startIngest({ DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_AFTER_INGEST: 'move', IMAP_MOVE_TO: 'Traites', IMAP_POLL_INTERVAL_MS: '300' });
    try {
      await waitFor('INBOX emptied into Traites', async () => ((await dovecot.listUids(user, 'INBOX')).length === 0 && (await dovecot.listUids(user, 'Traites')).length === 8) || undefined);
      expect(await count('SELECT count(*) AS n FROM messages WHERE sha256 = ANY($1)', [raws.map(sha)])).toBe(8);
      // New mail after the move still arrives, and nothing moved is fetched again.
      await dovecot.appendMessages(user, 'INBOX', [makeMail(600)]);
      await waitFor('9th moved', async () => (await dovecot.listUids(user, 'Traites')).length === 9 || undefined);
      expect(await count('SELECT count(*) AS n FROM message_origins o JOIN mailboxes b ON b.id = o.mailbox_id WHERE b.account LIKE $1', [`${user}@%`])).toBe(9);
    } finally {
      await ingest.stop();
    }
  });

  it('lets one process ingest a mailbox at a time; another takes over when it stops', async () => {
    const user = uniqueUser('takeover');
    const env = { DATABASE_URL: ctx.testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '300' };
    const a = await startIngest(env);
    await waitFor('a holds the mailbox', async () => (await count('SELECT count(*) AS n FROM mailboxes WHERE account LIKE $1 AND last_poll_at IS NOT NULL', [`${user}@%`])) === 1 || undefined);
    const b = await startIngest(env);
    try {
      const firstBatch = Array.from({ length: 20 }, (_, i) => makeMail(i));
      await dovecot.appendMessages(user, 'INBOX', firstBatch);
      await waitFor('20 stored', async () => (await storedFrom(user, 'INBOX')).length === 20 || undefined);
      await a.stop();
      const second = Array.from({ length: 5 }, (_, i) => makeMail(50 + i));
      await dovecot.appendMessages(user, 'INBOX', second);
      await waitFor('25 stored after takeover', async () => (await storedFrom(user, 'INBOX')).length === 25 || undefined);
      expect(await count(`SELECT count(*) AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->>'messageId')::bigint WHERE m.sha256 = ANY($1)`, [[...firstBatch, ...second].map(sha)])).toBe(25);
    } finally {
      await b.stop();
    }
  });
});

/** A message whose MIME parts nest `depth` levels deep. */
function makeDeeplyNested(depth: number): Buffer {
  let body = 'Content-Type: text/plain\r\n\r\nfond\r\n';
  for (let level = depth; level > 0; level--) {
    const boundary = `nest${level}`;
    body = `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${body}\r\n--${boundary}--\r\n`;
  }
  return Buffer.from(`From: deep@example.org\r\nTo: support@guichet.example\r\nSubject: deep\r\nMessage-ID: <deep-${Date.now()}@example.org>\r\nMIME-Version: 1.0\r\n${body}`);
}
