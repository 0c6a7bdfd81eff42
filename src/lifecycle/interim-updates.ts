/**
 * Interim updates (DESIGN 1, 3.4): a complaint not decided by its answer deadline gets a mail
 * saying it is still being examined, then another every INTERIM_UPDATE_EVERY_DAYS, until the
 * final decision. `cases.next_update_at` is the schedule: set to the deadline when a complaint
 * is opened (or becomes one), moved forward by each update, cleared by the decision.
 *
 * A sweep sends whatever is due. It is idempotent — each case is handled in its own transaction
 * that locks the row, checks it is still due, queues the mail and moves `next_update_at` past
 * `now`, all committed together — so two sweeps at the same instant (two workers, a retried job)
 * send one update, and a decision committed first means none.
 */
import type { PgBoss } from 'pg-boss';
import { addDays, type ProcedureSettings } from '../cases/procedure.ts';
import type { Database } from '../db/port.ts';
import type { Logger } from '../log/logger.ts';
import { queueMail, type MailDeps } from '../outbox/queue-mail.ts';
import { appendLifecycleEvent } from './lifecycle-events.ts';
import { lockCaseById } from './locked-case.ts';

/** The pg-boss queue of the sweep (belongs in QUEUES, src/jobs/queues.ts). */
export const DEADLINE_SWEEP_QUEUE = 'deadline-sweep';
/** Every minute: updates go out within a minute of falling due. */
export const DEADLINE_SWEEP_CRON = '* * * * *';
/** When automatic mail to the customer is rate-limited, the update is tried again this much later. */
const RATE_LIMITED_RETRY_DAYS = 1;
/** Cases read per page while sweeping. */
const PAGE = 200;

/** What happened to one due case. */
type SweepStep = 'queued' | 'suppressed' | 'not-due';

/**
 * Queues an interim update for every complaint not closed whose `next_update_at` has come
 * (`mail.clock`), and returns how many were queued. A case locked by another transaction (an
 * agent deciding it, another sweep) is skipped and left to the next sweep. A case that fails
 * (say, a template error) does not stop the others: they are all tried, then the failures are
 * thrown together, so the job fails visibly and the failed cases stay due.
 */
export async function sendDueInterimUpdates(db: Database, mail: MailDeps, procedure: ProcedureSettings): Promise<number> {
  const now = mail.clock.now();
  let queued = 0;
  const failures: Error[] = [];
  // Keyset over ids: a case skipped (locked) or failing is not read again in this pass, so the
  // pass ends even when some due cases stay due.
  let after = '0';
  for (;;) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM cases
        WHERE status <> 'closed' AND category = 'complaint' AND next_update_at IS NOT NULL AND next_update_at <= $1 AND id > $2::bigint
        ORDER BY id LIMIT ${PAGE}`,
      [now, after],
    );
    for (const { id } of rows) {
      after = id;
      try {
        if ((await updateOne(db, mail, procedure, id, now)) === 'queued') queued += 1;
      } catch (error) {
        failures.push(new Error(`interim update of case ${id} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      }
    }
    if (rows.length < PAGE) break;
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} interim update(s) failed (${queued} queued)`);
  return queued;
}

async function updateOne(db: Database, mail: MailDeps, procedure: ProcedureSettings, caseId: string, now: Date): Promise<SweepStep> {
  return db.transaction(async (tx) => {
    const c = await lockCaseById(tx, caseId, { skipLocked: true });
    // Re-checked under the lock: decided, reclassified or already updated since the read above.
    if (!c || c.status === 'closed' || c.category !== 'complaint' || !c.next_update_at || c.next_update_at > now) return 'not-due';
    const nextUpdateAt = addDays(now, procedure.interimUpdateEveryDays);
    const result = await queueMail(tx, mail, {
      caseId,
      template: 'interim-update',
      data: { receivedOn: c.received_at, nextUpdateOn: nextUpdateAt },
      automatic: true,
      cause: 'deadline',
    });
    if (result.status === 'suppressed') {
      // queueMail logged the suppression on the case. Over the per-address limit, the update is
      // owed still: try again when the 24-hour window has moved on. To a no-reply address it can
      // never go: keep the cadence so the case is not re-examined every minute.
      const retryAt = result.reason.startsWith('rate limit') ? addDays(now, RATE_LIMITED_RETRY_DAYS) : nextUpdateAt;
      await tx.query('UPDATE cases SET next_update_at = $2 WHERE id = $1', [caseId, retryAt]);
      return 'suppressed';
    }
    const number = c.interim_updates + 1;
    await tx.query('UPDATE cases SET interim_updates = $2, next_update_at = $3 WHERE id = $1', [caseId, number, nextUpdateAt]);
    await appendLifecycleEvent(tx, caseId, 'interim-update', 'system', {
      number,
      outboxId: result.outboxId,
      dueAt: c.next_update_at.toISOString(),
      deadlineAt: c.deadline_at?.toISOString() ?? null,
      nextUpdateAt: nextUpdateAt.toISOString(),
    });
    return 'queued';
  });
}

/**
 * Runs the sweep through pg-boss so that it survives restarts and runs once across processes:
 * a cron schedule (stored in pg-boss's tables, forwarded by whichever instance has `schedule`
 * on) puts a job on the `deadline-sweep` queue every minute; the queue's `exclusive` policy
 * keeps at most one sweep queued or running, so a slow sweep is not piled up behind. One sweep
 * is also requested now, so a restarted worker catches up at once instead of at the next minute.
 * A failed sweep is not retried (retryLimit 0): the next minute's sweep is the retry.
 */
export async function registerDeadlineSweep(boss: PgBoss, db: Database, mail: MailDeps, procedure: ProcedureSettings, logger: Logger): Promise<void> {
  await boss.createQueue(DEADLINE_SWEEP_QUEUE, { policy: 'exclusive', retryLimit: 0, expireInSeconds: 15 * 60 });
  await boss.schedule(DEADLINE_SWEEP_QUEUE, DEADLINE_SWEEP_CRON, null, { tz: 'UTC' });
  // Queued before the worker starts, so its first fetch finds it.
  await boss.send(DEADLINE_SWEEP_QUEUE, {});
  await boss.work(DEADLINE_SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
    try {
      const queued = await sendDueInterimUpdates(db, mail, procedure);
      if (queued > 0) logger.info({ queued }, 'interim updates queued');
    } catch (error) {
      logger.error({ err: error }, 'deadline sweep failed');
      throw error;
    }
  });
}
