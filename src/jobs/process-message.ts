import type { JobResult, PgBoss } from 'pg-boss';
import type { Database } from '../db/port.ts';
import type { Logger } from '../log/logger.ts';
import type { MailDeps } from '../outbox/queue-mail.ts';
import { processMessages, type ProcessingSettings, type ProcessOutcome } from './process-messages.ts';
import { QUEUES, type ProcessMessageJob } from './queues.ts';
import { pauseAfterShortBatch } from './short-batch-pause.ts';


/** Threads one stored message (DESIGN 3.2) in its own transaction; see processMessages. */
export async function processMessage(db: Database, messageId: string, settings: ProcessingSettings, mail: MailDeps | null): Promise<ProcessOutcome> {
  const [outcome] = await processMessages(db, [messageId], settings, mail);
  return outcome ?? { status: 'already-processed' };
}

/** The batch a worker fetches at most: one transaction's worth of messages. */
const BATCH_SIZE = 20;

/**
 * Registers the `process-message` worker. The queue is FIFO per customer (`key_strict_fifo`), so
 * a customer's messages are threaded one after another — a repeat always sees the case its
 * predecessor opened — while different customers' messages run in parallel (DESIGN 3.3).
 *
 * A batch of jobs (at most one per processing key) is threaded in one transaction. When that
 * transaction fails, its messages are processed again one at a time, each in its own, and each
 * job is settled on its own (`perJobResults`): only the job of a message that cannot be
 * processed fails and is retried — on a FIFO-per-customer queue a failed job holds back that
 * customer's later mail, and it must not hold back the other customers of its batch.
 * After a short batch the worker pauses briefly (short-batch-pause.ts) so the next one is fuller.
 */
export async function workProcessMessage(boss: PgBoss, db: Database, settings: ProcessingSettings, mail: MailDeps | null, logger: Logger): Promise<void> {
  await boss.work<ProcessMessageJob>(
    QUEUES.processMessage,
    {
      batchSize: BATCH_SIZE,
      // One batch at a time per process. A second concurrent batch overlaps the round trips
      // (bench:pipeline through the acknowledgements: ~195 msg/s against 177-215) but breaks the
      // per-customer order for a customer known under two addresses through an account
      // identifier: pg-boss serialises by address only, and two batches would thread such a
      // customer's messages at once (two cases instead of a repeat).
      localConcurrency: 1,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 0.5,
      // NOTIFY wakes the worker when a job is created, but not when a customer's next job becomes
      // ready because the one before it completed (key_strict_fifo): poll briskly for those.
      notifyPollingIntervalSeconds: 0.5,
      perJobResults: true,
    },
    async (jobs): Promise<JobResult[]> => {
      const failures = new Map<string, string>();
      const ids = jobs.map((job) => job.data.messageId);
      try {
        const outcomes = await processMessages(db, ids, settings, mail);
        for (const [i, outcome] of outcomes.entries()) logger.debug({ messageId: ids[i], outcome: outcome.status }, 'message processed');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (ids.length === 1) {
          // Nothing to separate: the one message's own transaction failed; its job is retried.
          logger.error({ messageId: ids[0], err: reason }, 'message not processed; its job will be retried');
          failures.set(ids[0] as string, reason);
        } else {
          logger.warn({ err: reason, messages: ids.length }, 'batch not processed; processing its messages one at a time');
          // In arrival order (message ids grow with it), one after another: two messages of the
          // batch may share a customer (one known by an account identifier), and the later one
          // must see the case the earlier one opened.
          for (const id of [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))) {
            await processMessage(db, id, settings, mail).catch((e: unknown) => {
              const why = e instanceof Error ? e.message : String(e);
              logger.error({ messageId: id, err: why }, 'message not processed; its job will be retried');
              failures.set(id, why);
            });
          }
        }
      }
      await pauseAfterShortBatch(jobs.length, BATCH_SIZE);
      return jobs.map((job) => {
        const failure = failures.get(job.data.messageId);
        return failure === undefined ? { id: job.id, status: 'completed' } : { id: job.id, status: 'failed', output: { message: failure } };
      });
    },
  );
}
