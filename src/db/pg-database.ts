import pg from 'pg';
import type { Database, HeldLock, QueryResult, Transaction } from './port.ts';

/** Opens the `pg` Pool adapter of the database port. */
export function openPgDatabase(connectionString: string, options: { max?: number; applicationName?: string } = {}): Database {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: options.applicationName ?? 'guichet' });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query simply gets a fresh connection.
  pool.on('error', () => {});

  const run = async <Row>(client: pg.Pool | pg.PoolClient, text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> => {
    const result = await client.query(text, values as unknown[] | undefined);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };

  return {
    kind: 'postgres',
    query: (text, values) => run(pool, text, values),
    async transaction(work, options = {}) {
      const client = await pool.connect();
      let broken = false;
      try {
        // One simple-protocol query (no parameters there, hence the quoted literal): the lock
        // costs no round trip of its own.
        await client.query(options.lock === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(options.lock)}, 0))`);
        const tx: Transaction = {
          query: (text, values) => run(client, text, values),
          async execScript(sql) {
            await client.query(sql);
          },
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection itself failed; do not return it to the pool
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async tryLock(name) {
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [name]);
        if (!rows[0]?.locked) {
          client.release();
          return null;
        }
      } catch (error) {
        client.release(true);
        throw error;
      }
      let markLost: () => void = () => {};
      const lost = new Promise<void>((resolve) => (markLost = resolve));
      client.on('error', () => markLost());
      client.on('end', () => markLost());
      let released = false;
      const held: HeldLock = {
        lost,
        async release() {
          if (released) return;
          released = true;
          try {
            await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
            client.release();
          } catch {
            client.release(true);
          }
        },
      };
      return held;
    },
    async close() {
      await pool.end();
    },
  };
}
