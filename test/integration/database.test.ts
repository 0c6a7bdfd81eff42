import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import type { Database } from '../../src/db/port.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb.drop();
});

/** The same behaviour is expected of both adapters of the port. */
async function exerciseAdapter(db: Database): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS adapter_check (id bigserial PRIMARY KEY, big bigint, bytes bytea)');
  const { rows } = await db.query<{ id: string; big: string; bytes: Buffer }>('INSERT INTO adapter_check (big, bytes) VALUES ($1, $2) RETURNING id, big, bytes', [
    '9007199254740993',
    Buffer.from([0, 1, 2, 255]),
  ]);
  expect(typeof rows[0]?.id).toBe('string');
  expect(rows[0]?.big).toBe('9007199254740993');
  expect(Buffer.isBuffer(rows[0]?.bytes)).toBe(true);
  expect([...(rows[0]?.bytes ?? [])]).toEqual([0, 1, 2, 255]);
  // A throw inside a transaction rolls everything back.
  await expect(
    db.transaction(async (tx) => {
      await tx.query('INSERT INTO adapter_check (big) VALUES (1)');
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  const n = await db.query<{ n: string }>('SELECT count(*) AS n FROM adapter_check');
  expect(n.rows[0]?.n).toBe('1');
}

describe('database port', () => {
  it('pg adapter: int8 as string, bytea as Buffer, rollback on throw', async () => {
    await exerciseAdapter(testDb.open());
  });

  it('PGlite adapter behaves the same and migrates', async () => {
    const { database } = await openPgliteDatabase(null);
    try {
      await exerciseAdapter(database);
      expect((await migrate(database)).length).toBeGreaterThan(0);
      expect(await migrate(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('migrations applied by several processes at once run once', async () => {
    const fresh = await createEmptyDatabase();
    try {
      const dbs = [fresh.open(), fresh.open(), fresh.open(), fresh.open()];
      const results = await Promise.all(dbs.map((db) => migrate(db)));
      const applied = results.flat();
      expect(new Set(applied).size).toBe(applied.length); // nothing applied twice
      expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    } finally {
      await fresh.drop();
    }
  });

  it('the ingest lock is held by one session at a time and released on release()', async () => {
    const a = testDb.open();
    const b = testDb.open();
    const held = await a.tryLock('guichet.ingest:test');
    expect(held).not.toBeNull();
    expect(await b.tryLock('guichet.ingest:test')).toBeNull();
    await held?.release();
    const again = await b.tryLock('guichet.ingest:test');
    expect(again).not.toBeNull();
    await again?.release();
  });
});

/** A database with nothing in it (not cloned from the migrated template). */
async function createEmptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const conn = db.open();
  await conn.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await conn.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
  await conn.close();
  return db;
}
