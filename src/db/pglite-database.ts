import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Transaction } from './port.ts';

/** PostgreSQL type OIDs whose parsing PGlite must do like node-postgres, so both adapters agree. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Opens the PGlite adapter of the database port: PostgreSQL compiled to WebAssembly, in this
 * process, persisted under `dataDir` (or in memory when `dataDir` is null, for tests).
 * PGlite has a single session: its own transaction mutex serialises `query` and `transaction`,
 * so a statement outside a transaction never lands inside another caller's transaction.
 */
export async function openPgliteDatabase(dataDir: string | null): Promise<{ database: Database; pglite: PGlite }> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    // node-postgres returns int8 and numeric as strings (they may not fit a JS number); PGlite
    // would return a number or bigint. Keep one behaviour for callers of the port.
    parsers: { [INT8_OID]: (value: string) => value, [NUMERIC_OID]: (value: string) => value },
  });
  const toResult = <Row>(result: { rows: unknown[]; affectedRows?: number }): QueryResult<Row> => ({
    rows: result.rows.map(toBuffers) as Row[],
    rowCount: result.affectedRows ?? result.rows.length,
  });
  const database: Database = {
    kind: 'pglite',
    query: async (text, values) => toResult(await pglite.query(text, values as unknown[] | undefined)),
    transaction: (work, options = {}) =>
      pglite.transaction(async (tx) => {
        // In-process, so a statement of its own costs no network round trip.
        if (options.lock !== undefined) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [options.lock]);
        const handle: Transaction = {
          query: async (text, values) => toResult(await tx.query(text, values as unknown[] | undefined)),
          async execScript(sql) {
            await tx.exec(sql);
          },
        };
        return work(handle);
      }),
    // One process owns a PGlite data directory (see embedded/data-dir-lock.ts), so the lock
    // that keeps two ingesters off one mailbox is always free here.
    async tryLock() {
      return { lost: new Promise<void>(() => {}), release: async () => {} };
    },
    async close() {
      await pglite.close();
    },
  };
  return { database, pglite };
}

/** bytea comes back from PGlite as Uint8Array; node-postgres gives Buffer. Callers get Buffer. */
function toBuffers(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const record = row as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) record[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return record;
}
