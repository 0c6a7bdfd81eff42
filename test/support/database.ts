import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { openPgDatabase } from '../../src/db/pg-database.ts';
import type { Database } from '../../src/db/port.ts';
import { startBoss } from '../../src/jobs/boss.ts';
import { createLogger } from '../../src/log/logger.ts';

/** The server tests run against: DATABASE_URL, else the machine's local PostgreSQL. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A throwaway database for one test file, and how to drop it. */
export interface TestDatabase {
  name: string;
  url: string;
  /** Opens a pool on it (closed by `drop`). */
  open(): Database;
  drop(): Promise<void>;
}

/**
 * A fresh database per test file, cloned from a template that already holds the migrated schema
 * and pg-boss's tables (graphile-worker's model): cloning takes milliseconds, migrating each time
 * would not. The template's name carries a hash of the migrations, so a changed schema gets a new
 * template.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `guichet_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(4242)'); // CREATE DATABASE … TEMPLATE wants the template idle
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242)');
    }
  });
  const opened: Database[] = [];
  return {
    name,
    url: urlFor(name),
    open() {
      const db = openPgDatabase(urlFor(name), { max: 10 });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.close().catch(() => {})));
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function ensureTemplate(): Promise<string> {
  const migrations = await loadMigrations();
  // pg-boss's queues (created in the template) are part of the schema too.
  const bossSetup = await readFile(new URL('../../src/jobs/boss.ts', import.meta.url), 'utf8');
  const hash = createHash('sha256').update(JSON.stringify(migrations)).update(bossSetup).digest('hex').slice(0, 12);
  const template = `guichet_template_${hash}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(4242)');
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE ${template}`);
      const db = openPgDatabase(urlFor(template), { max: 2 });
      try {
        await migrate(db, migrations);
        const boss = await startBoss({ kind: 'postgres', connectionString: urlFor(template) }, createLogger('silent'), { supervise: false });
        await boss.stop({ graceful: false, close: true });
      } finally {
        await db.close();
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242)');
    }
  });
  return template;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What `useTestDatabase()` gives a test file once its `beforeAll` has run. */
export interface TestDatabaseContext {
  testDb: TestDatabase;
  db: Database;
}

/**
 * Registers the usual per-file set-up: a fresh database before the file's tests (with one open
 * pool on it), dropped after them. Read `ctx.testDb` / `ctx.db` inside tests and hooks.
 */
export function useTestDatabase(): TestDatabaseContext {
  const ctx = {} as TestDatabaseContext;
  beforeAll(async () => {
    ctx.testDb = await createTestDatabase();
    ctx.db = ctx.testDb.open();
  });
  afterAll(async () => {
    await ctx.testDb?.drop();
  });
  return ctx;
}
