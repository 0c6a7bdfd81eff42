import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/port.ts';
import type { Logger } from '../log/logger.ts';
import { QUEUES, type ProcessMessageJob } from './queues.ts';

/**
 * The stage after ingest. For now it records that the stored message went through the pipeline
 * (`processed_at`); threading and case opening hook in here. Idempotent: a retried job finds the
 * message already processed and changes nothing.
 */
export async function processMessage(db: Database, job: ProcessMessageJob): Promise<void> {
  await db.query('UPDATE messages SET processed_at = now() WHERE id = $1 AND processed_at IS NULL', [job.messageId]);
}

/** Registers the `process-message` worker. Batches drain a backlog quickly (DESIGN 3.3 throughput). */
export async function workProcessMessage(boss: PgBoss, db: Database, logger: Logger): Promise<void> {
  await boss.work<ProcessMessageJob>(QUEUES.processMessage, { batchSize: 20, pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) {
      await processMessage(db, job.data);
    }
    logger.debug({ count: jobs.length }, 'messages processed');
  });
}
