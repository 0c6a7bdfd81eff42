/**
 * The baseline Guichet is compared with: the loop anyone would write first. One imapflow
 * connection, imapflow's `fetch('1:*', { source })` iterated with for-await, mailparser's
 * simpleParser on each source, and one plain autocommit INSERT per message (raw bytes plus a few
 * parsed columns) into a scratch table. No dedup, no cursor, no job, no transaction, no flags.
 *
 * `fetchone` mode is the same loop with one `UID FETCH` round trip per message (as Guichet's
 * sync does), for telling how much of a gap is the per-message round trip.
 */
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { connectImap, type DovecotEndpoint } from '../test/support/dovecot.ts';

export type BareMode = 'stream' | 'fetchone';

export const BARE_MODE_LABEL: Record<BareMode, string> = {
  stream: "one fetch('1:*', {source}) streamed with for-await, simpleParser + 1 autocommit INSERT per message inside the loop",
  fetchone: 'UID list, then fetchOne(uid, {source}) per message, simpleParser + 1 autocommit INSERT per message',
};

/** Creates the scratch table (before timing starts). */
export async function createScratchTable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {}); // failures surface through the queries
  await client.connect();
  try {
    await client.query(`CREATE TABLE bare_messages (
      id bigserial PRIMARY KEY,
      uid bigint NOT NULL,
      received_at timestamptz,
      raw bytea NOT NULL,
      message_id text,
      subject text,
      from_address text,
      sent_date timestamptz,
      text_body text
    )`);
  } finally {
    await client.end();
  }
}

export interface BareResult {
  messages: number;
  bytes: number;
  /** From IMAP connect to the last INSERT's completion. */
  ms: number;
}

/** Runs the loop over `mailbox` of `user`, inserting into `bare_messages` of `databaseUrl`. */
export async function runBareLoop(
  server: Pick<DovecotEndpoint, 'host' | 'imapPort'>,
  user: string,
  databaseUrl: string,
  options: { mode?: BareMode; mailbox?: string; beforeClose?: () => Promise<void> } = {},
): Promise<BareResult> {
  const { mode = 'stream', mailbox = 'INBOX' } = options;
  const started = performance.now();
  const db = new pg.Client({ connectionString: databaseUrl });
  db.on('error', () => {}); // the database may be dropped under it on Ctrl-C; queries fail anyway
  await db.connect();
  const client = await connectImap(server, user);
  let messages = 0;
  let bytes = 0;
  let ended: number;
  try {
    await client.mailboxOpen(mailbox);
    const store = async (uid: number, source: Buffer, internalDate: Date | string | undefined): Promise<void> => {
      const parsed = await simpleParser(source);
      await db.query(
        'INSERT INTO bare_messages (uid, received_at, raw, message_id, subject, from_address, sent_date, text_body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [uid, internalDate ? new Date(internalDate) : null, source, parsed.messageId ?? null, parsed.subject ?? null, parsed.from?.value[0]?.address ?? null, parsed.date ?? null, parsed.text ?? null],
      );
      messages++;
      bytes += source.length;
    };
    if (mode === 'stream') {
      for await (const msg of client.fetch('1:*', { uid: true, source: true, internalDate: true }, { uid: true })) {
        if (msg.source) await store(msg.uid, msg.source, msg.internalDate);
      }
    } else {
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
        if (msg && msg.source) await store(uid, msg.source, msg.internalDate);
      }
    }
    ended = performance.now();
    await options.beforeClose?.(); // diagnostics (bench/profile-ingest.ts), after the clock stopped
  } finally {
    await client.logout().catch(() => client.close());
    await db.end();
  }
  return { messages, bytes, ms: ended - started };
}
