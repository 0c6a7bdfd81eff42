import type { PGlite } from '@electric-sql/pglite';
import { PgBoss, fromPglite, type Db } from 'pg-boss';
import type { Logger } from '../log/logger.ts';
import type { Queryable } from '../db/port.ts';
import { QUEUES } from './queues.ts';

/** Where pg-boss keeps its tables, beside Guichet's own in the same database. */
export const BOSS_SCHEMA = 'pgboss';

/** The engine pg-boss runs on: the same database as Guichet's tables, in both modes. */
export type BossTarget = { kind: 'postgres'; connectionString: string } | { kind: 'pglite'; pglite: PGlite };

/**
 * Creates and starts pg-boss on the database Guichet uses and makes sure its queues exist.
 * `supervise` runs maintenance (expiry, retention): the worker does; short CLI commands don't.
 */
export async function startBoss(target: BossTarget, logger: Logger, options: { supervise: boolean }): Promise<PgBoss> {
  const boss =
    target.kind === 'postgres'
      ? new PgBoss({
          connectionString: target.connectionString,
          schema: BOSS_SCHEMA,
          max: 4,
          supervise: options.supervise,
          // The worker runs pg-boss's cron (the deadline sweep); short commands don't.
          schedule: options.supervise,
          // Wake workers the moment a job is created instead of waiting out a polling interval
          // (DESIGN 3.3: latency when idle). Polling stays as the floor.
          useListenNotify: options.supervise,
          application_name: 'guichet-boss',
          monitorIntervalSeconds: 5,
          superviseIntervalSeconds: 5,
        })
      : new PgBoss({ db: fromPglite(target.pglite), backend: 'pglite', schema: BOSS_SCHEMA, supervise: options.supervise, schedule: options.supervise, monitorIntervalSeconds: 5, superviseIntervalSeconds: 5 });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'pg-boss error'));
  await boss.start();
  await boss.createQueue(QUEUES.processMessage, {
    policy: 'key_strict_fifo',
    notify: true,
    retryLimit: 10,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 60,
    // A worker killed mid-job stops heartbeating; the job is then retried instead of waiting out
    // the 15-minute expiry, during which no later case could be handed out.
    heartbeatSeconds: 10,
  });
  await boss.createQueue(QUEUES.sendMail, {
    notify: true,
    retryLimit: 12,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 900,
    heartbeatSeconds: 30,
  });
  return boss;
}

/** pg-boss's database interface over one of our open transactions, so a job commits with our rows. */
export function bossDb(tx: Queryable): Db {
  return { executeSql: (text: string, values?: unknown[]) => tx.query(text, values) };
}
