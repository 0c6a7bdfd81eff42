import type { JobResult, PgBoss } from 'pg-boss';
import type { CaseEventType } from '../cases/case-events.ts';
import type { Database } from '../db/port.ts';
import { pgJson, pgText } from '../db/text.ts';
import { QUEUES, type SendMailJob } from '../jobs/queues.ts';
import { pauseAfterShortBatch } from '../jobs/short-batch-pause.ts';
import type { Logger } from '../log/logger.ts';
import type { MailTransport } from './mail-transport.ts';

/** After this many failed attempts an outbox row is marked failed and no longer retried. */
export const MAX_SEND_ATTEMPTS = 12;

/**
 * Whether a send failure is final for this message: the relay refused its recipient (RCPT TO)
 * or the message itself (DATA) with a 5yz reply (RFC 5321 4.2.1: the same command fails again)
 * whose enhanced status code (RFC 3463) blames the address or the content — X.1.x addressing
 * (unknown mailbox, bad address), X.2.x the mailbox (disabled, full), X.6.x the content, X.3.4
 * too big — so retrying would only repeat the refusal for hours.
 *
 * Everything else is retried: a relay reports refusals of the DESK at RCPT TO or DATA too — X.7.x
 * (`554 5.7.1 Relay access denied`, a sender the login may not use), X.5.x protocol, X.4.x
 * routing — and those are fixed by an operator, after which the mail must go; so are replies
 * without an enhanced code (nothing tells whose fault it is), 4yz replies, lost connections, and
 * 5yz at MAIL FROM or AUTH. nodemailer puts the code on `responseCode`, the reply on `response`
 * and the step on `command`.
 */
export function isPermanentRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, command, response } = error as { responseCode?: unknown; command?: unknown; response?: unknown };
  if (typeof responseCode !== 'number' || responseCode < 500 || responseCode > 599) return false;
  if (command !== 'RCPT TO' && command !== 'DATA') return false;
  const enhanced = typeof response === 'string' ? /^5\d\d[ -]5\.(\d{1,3})\.(\d{1,3})\b/.exec(response) : null;
  if (!enhanced) return false;
  const [subject, detail] = [Number(enhanced[1]), Number(enhanced[2])];
  return subject === 1 || subject === 2 || subject === 6 || (subject === 3 && detail === 4);
}

/** What one send attempt did. */
export type SendOutcome = 'sent' | 'already-sent' | 'failed' | 'retry';

/** What one send attempt did to one outbox row; `error` is why a send failed. */
export type SendResult = { outcome: 'sent' | 'already-sent' } | { outcome: 'failed' | 'retry'; error: Error };

/** An outbox row claimed for sending, with the stored bytes to send. */
interface ClaimedRow {
  id: string;
  /** Counting this attempt. */
  attempts: number;
  to_address: string;
  case_id: string;
  raw: Buffer;
  message_id_header: string;
}

/**
 * Claims the rows in one statement, committed on its own before any SMTP exchange: those still
 * `pending` or `sending` (a `sending` row is one whose sender crashed or failed to record the
 * result) become `sending` with the attempt counted; `sent`, `bounced` and `failed` rows are left
 * alone. The rows are locked in id order, so two batches sharing rows cannot deadlock, and a row
 * another worker has just marked `sent` is re-checked after its lock and skipped.
 */
const CLAIM_SQL = `
  WITH claimable AS (
    SELECT id FROM outbox
     WHERE id = ANY($1::bigint[]) AND status IN ('pending', 'sending')
     ORDER BY id
       FOR UPDATE
  )
  UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1
    FROM claimable c, messages m
   WHERE o.id = c.id AND m.id = o.message_id
  RETURNING o.id, o.attempts, o.to_address, o.case_id, m.raw, m.message_id_header`;

/**
 * Records the outcome of every claimed row of a batch in one statement (so in one transaction):
 * one UPDATE from the unnested per-row arrays, and the case events (mail-sent, mail-failed) as
 * one multi-row INSERT in the rows' order. A sent row gets `sent_at` and the server's reply and
 * loses its `last_error`; a failed one keeps its previous `smtp_response`.
 */
const RECORD_SQL = `
  WITH outcome AS (
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
      WITH ORDINALITY AS r(id, status, smtp_response, last_error, event, data, n)
  ), recorded AS (
    UPDATE outbox o
       SET status = outcome.status,
           sent_at = CASE WHEN outcome.status = 'sent' THEN now() ELSE o.sent_at END,
           smtp_response = COALESCE(outcome.smtp_response, o.smtp_response),
           last_error = outcome.last_error
      FROM outcome
     WHERE o.id = outcome.id
    RETURNING o.id, o.case_id
  )
  INSERT INTO case_events (case_id, type, actor, data)
  SELECT recorded.case_id, outcome.event, 'system', outcome.data::jsonb
    FROM outcome JOIN recorded USING (id)
   WHERE outcome.event IS NOT NULL
   ORDER BY outcome.n`;

/**
 * Sends a batch of outbox rows' stored bytes: exactly-once per Message-ID, as for one row. Every
 * row is marked `sending` (and the attempt counted) in a commit of its own before the SMTP
 * exchange, then `sent` after it. A crash in between leaves `sending`: the retry sends the same
 * bytes with the same Message-ID — never a second message with another Message-ID, and mail
 * clients show one message per Message-ID. A row already `sent` (or `bounced`, `failed`) is
 * skipped as `already-sent`, so retrying a whole batch never resends the rows it did send.
 *
 * Two statements per batch whatever its size (claim, record), the messages sent concurrently in
 * between (over the pooled SMTP transport). A failed send puts its row back to `pending` with
 * `last_error` (outcome `retry`: the caller has it retried), or — refused for good by the relay
 * (isPermanentRefusal), or after MAX_SEND_ATTEMPTS — marks it `failed` with a `mail-failed` case
 * event (outcome `failed`: not retried).
 *
 * Resolves with one result per distinct id; throws only when the database does, in which case
 * the rows stay `sending` and a retry of the batch sends them again, as after a crash.
 */
export async function sendOutboxBatch(db: Database, transport: MailTransport, outboxIds: readonly string[], from: string, logger: Logger): Promise<Map<string, SendResult>> {
  const results = new Map<string, SendResult>(outboxIds.map((id) => [id, { outcome: 'already-sent' }]));
  if (outboxIds.length === 0) return results;
  const { rows: claimed } = await db.query<ClaimedRow>(CLAIM_SQL, [[...new Set(outboxIds)]]);
  if (claimed.length === 0) return results;

  const sends = await Promise.allSettled(claimed.map((row) => transport.send({ from, to: row.to_address, raw: row.raw, messageId: row.message_id_header })));

  const columns = { id: [] as string[], status: [] as string[], response: [] as (string | null)[], error: [] as (string | null)[], event: [] as (CaseEventType | null)[], data: [] as (string | null)[] };
  claimed.forEach((row, i) => {
    const send = sends[i]!;
    columns.id.push(row.id);
    if (send.status === 'fulfilled') {
      columns.status.push('sent');
      columns.response.push(pgText(send.value.response));
      columns.error.push(null);
      columns.event.push('mail-sent');
      columns.data.push(pgJson({ outboxId: row.id, messageId: row.message_id_header, to: row.to_address, attempts: row.attempts }));
      results.set(row.id, { outcome: 'sent' });
      return;
    }
    const error = send.reason instanceof Error ? send.reason : new Error(String(send.reason));
    const final = row.attempts >= MAX_SEND_ATTEMPTS || isPermanentRefusal(send.reason);
    columns.status.push(final ? 'failed' : 'pending');
    columns.response.push(null);
    columns.error.push(pgText(error.message));
    columns.event.push(final ? 'mail-failed' : null);
    columns.data.push(final ? pgJson({ outboxId: row.id, error: error.message, attempts: row.attempts }) : null);
    results.set(row.id, { outcome: final ? 'failed' : 'retry', error });
    logger.warn({ outboxId: row.id, attempts: row.attempts, err: error.message }, final ? 'mail failed for good' : 'mail not sent; will retry');
  });
  await db.query(RECORD_SQL, [columns.id, columns.status, columns.response, columns.error, columns.event, columns.data]);
  return results;
}

/**
 * Sends one outbox row (see {@link sendOutboxBatch}). A send that failed but will be retried
 * throws the send's error, after recording it, so a job running this is retried by pg-boss.
 */
export async function sendOutboxMail(db: Database, transport: MailTransport, outboxId: string, from: string, logger: Logger): Promise<SendOutcome> {
  const result = (await sendOutboxBatch(db, transport, [outboxId], from, logger)).get(outboxId) ?? { outcome: 'already-sent' };
  if (result.outcome === 'retry') throw result.error; // pg-boss retries with backoff
  return result.outcome;
}

/** The most jobs (outbox rows) one send-mail batch takes. */
const SEND_BATCH_SIZE = 20;

/**
 * Registers the `send-mail` worker. pg-boss hands it up to 20 jobs at a time, sent as one batch;
 * each job is settled on its own (`perJobResults`): only the jobs whose row will be retried fail
 * (and are retried with backoff), the sent, already-sent and failed-for-good ones complete. Were
 * the whole batch failed instead, its retry would still not resend the sent rows (skipped as
 * `already-sent`), but each would cost a job run and a retry. After a short batch the worker
 * pauses briefly (short-batch-pause.ts) so the next one is fuller.
 */
export async function workSendMail(boss: PgBoss, db: Database, transport: MailTransport, from: string, logger: Logger): Promise<void> {
  await boss.work<SendMailJob>(
    QUEUES.sendMail,
    { batchSize: SEND_BATCH_SIZE, localConcurrency: 1, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 5, perJobResults: true },
    async (jobs): Promise<JobResult[]> => {
      const results = await sendOutboxBatch(db, transport, jobs.map((job) => job.data.outboxId), from, logger);
      await pauseAfterShortBatch(jobs.length, SEND_BATCH_SIZE);
      return jobs.map((job) => {
        const result = results.get(job.data.outboxId) ?? { outcome: 'already-sent' };
        return result.outcome === 'retry'
          ? { id: job.id, status: 'failed', output: { message: result.error.message } }
          : { id: job.id, status: 'completed', output: { outcome: result.outcome } };
      });
    },
  );
}
