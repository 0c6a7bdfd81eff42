import type { PgBoss } from 'pg-boss';
import { appendCaseEvent } from '../cases/case-events.ts';
import type { Database } from '../db/port.ts';
import { pgText } from '../db/text.ts';
import { QUEUES, type SendMailJob } from '../jobs/queues.ts';
import type { Logger } from '../log/logger.ts';
import type { MailTransport } from './mail-transport.ts';

/** After this many failed attempts an outbox row is marked failed and no longer retried. */
export const MAX_SEND_ATTEMPTS = 12;

/** What one send attempt did. */
export type SendOutcome = 'sent' | 'already-sent' | 'failed' | 'retry';

/**
 * Sends one outbox row's stored bytes. The row is marked `sending` (and the attempt counted)
 * in its own commit before the SMTP exchange, then `sent` after it. A crash in between leaves
 * `sending`: the retry sends the same bytes with the same Message-ID — never a second message
 * with another Message-ID, and mail clients show one message per Message-ID.
 */
export async function sendOutboxMail(db: Database, transport: MailTransport, outboxId: string, from: string, logger: Logger): Promise<SendOutcome> {
  const claimed = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string; attempts: number; to_address: string; raw: Buffer; message_id_header: string; case_id: string }>(
      `SELECT o.status, o.attempts, o.to_address, m.raw, m.message_id_header, o.case_id
         FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.id = $1 FOR UPDATE OF o`,
      [outboxId],
    );
    const row = rows[0];
    if (!row || row.status === 'sent' || row.status === 'bounced' || row.status === 'failed') return null;
    await tx.query("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = $1", [outboxId]);
    return { ...row, attempts: row.attempts + 1 };
  });
  if (!claimed) return 'already-sent';
  try {
    const info = await transport.send({ from, to: claimed.to_address, raw: claimed.raw, messageId: claimed.message_id_header });
    await db.transaction(async (tx) => {
      await tx.query("UPDATE outbox SET status = 'sent', sent_at = now(), smtp_response = $2, last_error = NULL WHERE id = $1", [outboxId, pgText(info.response)]);
      await appendCaseEvent(tx, claimed.case_id, 'mail-sent', 'system', { outboxId, messageId: claimed.message_id_header, to: claimed.to_address, attempts: claimed.attempts });
    });
    return 'sent';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = claimed.attempts >= MAX_SEND_ATTEMPTS;
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE outbox SET status = $2, last_error = $3 WHERE id = $1`, [outboxId, final ? 'failed' : 'pending', pgText(message)]);
      if (final) await appendCaseEvent(tx, claimed.case_id, 'mail-failed', 'system', { outboxId, error: message, attempts: claimed.attempts });
    });
    logger.warn({ outboxId, attempts: claimed.attempts, err: message }, final ? 'mail failed for good' : 'mail not sent; will retry');
    if (final) return 'failed';
    throw error; // pg-boss retries with backoff
  }
}

/** Registers the `send-mail` worker. */
export async function workSendMail(boss: PgBoss, db: Database, transport: MailTransport, from: string, logger: Logger): Promise<void> {
  await boss.work<SendMailJob>(
    QUEUES.sendMail,
    { batchSize: 20, localConcurrency: 4, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 5 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => sendOutboxMail(db, transport, job.data.outboxId, from, logger)));
    },
  );
}
