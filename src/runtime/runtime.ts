import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import type { Config } from '../config/config.ts';
import { migrate } from '../db/migrate.ts';
import { openPgDatabase } from '../db/pg-database.ts';
import { openPgliteDatabase } from '../db/pglite-database.ts';
import type { Database } from '../db/port.ts';
import { tryLockDataDir, type DataDirLock } from '../embedded/data-dir-lock.ts';
import { startBoss, type BossTarget } from '../jobs/boss.ts';
import type { Logger } from '../log/logger.ts';

/** What every command and the worker run on: configuration, logger, database and (lazily) pg-boss. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  /** pg-boss on the same database, started on first use. */
  boss(): Promise<PgBoss>;
  /** Stops pg-boss (gracefully, bounded), then closes the database, then releases DATA_DIR. */
  close(): Promise<void>;
}

/** The embedded database is owned by another live process (normally the running worker). */
export class DataDirBusyError extends Error {
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(`the embedded database in ${dataDir} is in use by process ${pid}`);
    this.name = 'DataDirBusyError';
    this.pid = pid;
  }
}

/** Where PGlite keeps its files inside DATA_DIR. */
export function pgliteDir(config: Config): string {
  return path.join(config.dataDir, 'pglite');
}

/**
 * Opens the database named by the configuration (PostgreSQL at DATABASE_URL, else the embedded
 * PGlite under DATA_DIR, after taking DATA_DIR's lock) and applies pending migrations.
 * `supervise`: this runtime's pg-boss runs maintenance (the worker's does).
 */
export async function openRuntime(config: Config, logger: Logger, options: { supervise: boolean; migrate?: boolean }): Promise<Runtime> {
  let dirLock: DataDirLock | null = null;
  let db: Database;
  let target: BossTarget;
  if (config.databaseUrl) {
    db = openPgDatabase(config.databaseUrl);
    target = { kind: 'postgres', connectionString: config.databaseUrl };
  } else {
    const attempt = await tryLockDataDir(config.dataDir);
    if (!attempt.ok) throw new DataDirBusyError(config.dataDir, attempt.heldBy);
    dirLock = attempt.lock;
    try {
      const opened = await openPgliteDatabase(pgliteDir(config));
      db = opened.database;
      target = { kind: 'pglite', pglite: opened.pglite };
    } catch (error) {
      await dirLock.release();
      throw error;
    }
  }
  try {
    if (options.migrate !== false) await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    await dirLock?.release();
    throw error;
  }
  let boss: Promise<PgBoss> | null = null;
  return {
    config,
    logger,
    db,
    boss() {
      boss ??= startBoss(target, logger, { supervise: options.supervise });
      return boss;
    },
    async close() {
      if (boss) {
        const started = await boss.catch(() => null);
        await started?.stop({ graceful: true, timeout: Math.max(1000, config.shutdownTimeoutMs - 2000), close: true }).catch((error: unknown) => logger.warn({ err: error }, 'pg-boss stop failed'));
      }
      await db.close();
      await dirLock?.release();
    },
  };
}
