import { createHash } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { Database, Transaction } from '../db/port.ts';
import { pgJson, pgText } from '../db/text.ts';
import { bossDb } from '../jobs/boss.ts';
import { QUEUES, type ProcessMessageJob } from '../jobs/queues.ts';
import type { Logger } from '../log/logger.ts';
import type { IncomingMessage, MessageOrigin } from './incoming-message.ts';
import { parseMessage } from './parse/parse-message.ts';
import { processingKey } from './processing-key.ts';
import type { ParseLimits, ParseOutcome, ParsedMessage } from './parsed-message.ts';
import type { MessageSink, StoreOutcome } from './store-outcome.ts';

/** What the store needs: the database, pg-boss (for the next-stage job) and the parse limits. */
export interface MessageStoreDeps {
  db: Database;
  boss: PgBoss;
  limits: ParseLimits;
  /** Who is the customer of a message (for the per-customer processing order). */
  settings: { contactFormSenders: string[]; supportAddress: string };
  /**
   * Whether processing these messages may send automatic mail. Live sources do; imported
   * history does not unless asked (`guichet import --notify`). Default true.
   */
  sendMail?: boolean;
  logger: Logger;
}

/**
 * Builds the sink every source hands messages to. Storing one message is ONE transaction
 * (DESIGN 3.1): the raw bytes with their sha256, the parsed fields, the attachments, where the
 * message was found, the IMAP cursor advance and the `process-message` job. A crash before the
 * commit leaves nothing; after it, a re-fetch finds the (mailbox, UIDVALIDITY, UID) or the sha256
 * already stored and only advances the cursor, so nothing is stored or enqueued twice.
 */
export function createMessageStore(deps: MessageStoreDeps): MessageSink {
  return async (message) => {
    const sha256 = createHash('sha256').update(message.raw).digest('hex');
    const known = await findBySha(deps.db, sha256);
    if (known !== null) return deps.db.transaction((tx) => recordDuplicate(tx, known, message.origin));
    // Parsing is CPU work outside the transaction, so the transaction stays short.
    const parsed = await parseMessage(message.raw, deps.limits);
    if (!parsed.ok) deps.logger.warn({ code: parsed.reason.code, detail: parsed.reason.detail, sha256 }, 'message quarantined');
    const key = parsed.ok ? processingKey(parsed.message, sha256, deps.settings) : null;
    return deps.db.transaction((tx) => insertMessage(tx, deps.boss, message, sha256, parsed, key, deps.sendMail ?? true));
  };
}

async function findBySha(db: Database, sha256: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM messages WHERE sha256 = $1', [sha256]);
  return rows[0]?.id ?? null;
}

async function insertMessage(tx: Transaction, boss: PgBoss, message: IncomingMessage, sha256: string, parsed: ParseOutcome, key: string | null, sendMail: boolean): Promise<StoreOutcome> {
  const { origin } = message;
  if (origin.kind === 'imap') {
    const seen = await tx.query<{ message_id: string }>(
      'SELECT message_id FROM message_origins WHERE mailbox_id = $1 AND uid_validity = $2 AND uid = $3',
      [origin.mailboxId, origin.uidValidity.toString(), origin.uid],
    );
    if (seen.rows[0]) {
      await advanceCursor(tx, origin);
      return { status: 'duplicate', id: seen.rows[0].message_id };
    }
  }
  // The arrival sequence is taken under a transaction-level lock held until COMMIT, so sequence
  // order is commit order: whoever sees arrival N also sees every arrival before N (DESIGN 3.3).
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('guichet.arrival', 0))");
  const fields = parsed.ok ? messageColumns(parsed.message) : null;
  const inserted = await tx.query<{ id: string; arrival_seq: string }>(
    `INSERT INTO messages (arrival_seq, sha256, size, raw, received_at, source, message_id_header, subject,
        from_address, from_name, addresses, return_path, sent_date, in_reply_to, "references",
        auto_submitted, precedence, content_type, headers, text_body, html_body, delivery_status,
        quarantine_code, quarantine_detail, processed_at, send_mail)
     VALUES (nextval('message_arrival_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
        $15, $16, $17, $18, $19, $20, $21, $22, $23, CASE WHEN $22::text IS NULL THEN NULL ELSE now() END, $24)
     ON CONFLICT (sha256) DO NOTHING
     RETURNING id, arrival_seq`,
    [
      sha256,
      message.raw.length,
      message.raw,
      message.receivedAt,
      origin.kind,
      fields?.messageId ?? null,
      fields?.subject ?? null,
      fields?.fromAddress ?? null,
      fields?.fromName ?? null,
      fields?.addresses ?? '{}',
      fields?.returnPath ?? null,
      fields?.sentDate ?? null,
      fields?.inReplyTo ?? [],
      fields?.references ?? [],
      fields?.autoSubmitted ?? null,
      fields?.precedence ?? null,
      fields?.contentType ?? null,
      fields?.headers ?? '{}',
      fields?.text ?? null,
      fields?.html ?? null,
      fields?.deliveryStatus ?? null,
      parsed.ok ? null : parsed.reason.code,
      parsed.ok ? null : pgText(parsed.reason.detail),
      sendMail,
    ],
  );
  const row = inserted.rows[0];
  if (!row) {
    // Another process stored the same bytes between our look-up and this insert.
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM messages WHERE sha256 = $1', [sha256]);
    const id = rows[0]?.id;
    if (id === undefined) throw new Error(`message ${sha256} vanished during insert`);
    return recordDuplicate(tx, id, origin);
  }
  if (parsed.ok) await insertAttachments(tx, row.id, parsed.message);
  await insertOrigin(tx, row.id, origin);
  await advanceCursor(tx, origin);
  if (!parsed.ok) return { status: 'quarantined', id: row.id, arrivalSeq: row.arrival_seq, code: parsed.reason.code };
  const job: ProcessMessageJob = { messageId: row.id };
  await boss.send(QUEUES.processMessage, job, { db: bossDb(tx), singletonKey: key ?? `message:${sha256}` });
  return { status: 'stored', id: row.id, arrivalSeq: row.arrival_seq };
}

async function recordDuplicate(tx: Transaction, id: string, origin: MessageOrigin): Promise<StoreOutcome> {
  await insertOrigin(tx, id, origin);
  await advanceCursor(tx, origin);
  return { status: 'duplicate', id };
}

async function insertOrigin(tx: Transaction, messageId: string, origin: MessageOrigin): Promise<void> {
  if (origin.kind === 'imap') {
    await tx.query(
      `INSERT INTO message_origins (message_id, kind, mailbox_id, uid_validity, uid) VALUES ($1, 'imap', $2, $3, $4)
       ON CONFLICT (mailbox_id, uid_validity, uid) DO NOTHING`,
      [messageId, origin.mailboxId, origin.uidValidity.toString(), origin.uid],
    );
  } else {
    await tx.query('INSERT INTO message_origins (message_id, kind, path, path_index) VALUES ($1, $2, $3, $4)', [
      messageId,
      origin.kind,
      pgText(origin.path),
      origin.kind === 'import' ? origin.index : null,
    ]);
  }
}

/** Moves the folder's cursor past this UID, unless the folder's UIDVALIDITY changed meanwhile. */
async function advanceCursor(tx: Transaction, origin: MessageOrigin): Promise<void> {
  if (origin.kind !== 'imap') return;
  await tx.query('UPDATE mailboxes SET last_uid = GREATEST(last_uid, $2) WHERE id = $1 AND uid_validity = $3', [
    origin.mailboxId,
    origin.uid,
    origin.uidValidity.toString(),
  ]);
}

async function insertAttachments(tx: Transaction, messageId: string, message: ParsedMessage): Promise<void> {
  let position = 0;
  for (const a of message.attachments) {
    await tx.query('INSERT INTO attachment_blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [a.sha256, a.size, a.content]);
    await tx.query(
      `INSERT INTO message_attachments (message_id, position, sha256, filename, content_type, content_id, disposition, size)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [messageId, position++, a.sha256, pgText(a.filename), pgText(a.contentType) ?? 'application/octet-stream', pgText(a.contentId), pgText(a.disposition), a.size],
    );
  }
}

/** The parsed fields as column values, NUL-free. */
function messageColumns(m: ParsedMessage) {
  const first = m.from[0];
  return {
    messageId: pgText(m.messageId),
    subject: pgText(m.subject),
    fromAddress: pgText(first?.address?.toLowerCase() ?? null),
    fromName: pgText(first?.name ?? null),
    addresses: pgJson({ from: m.from, to: m.to, cc: m.cc, replyTo: m.replyTo }),
    returnPath: pgText(m.returnPath),
    sentDate: m.date,
    inReplyTo: m.inReplyTo.map((id) => pgText(id) ?? ''),
    references: m.references.map((id) => pgText(id) ?? ''),
    autoSubmitted: pgText(m.autoSubmitted),
    precedence: pgText(m.precedence),
    contentType: pgText(m.contentType),
    headers: pgJson(m.headers),
    text: pgText(m.text),
    html: pgText(m.html),
    deliveryStatus: pgText(m.deliveryStatus),
  };
}
