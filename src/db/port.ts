/**
 * The one narrow database port the rest of Guichet talks to (the pg-boss model: pure code builds
 * SQL, adapters at the edge execute it). Two adapters implement it: a `pg` Pool for PostgreSQL
 * and PGlite for the embedded default. Both return int8 as strings and bytea as Buffer-compatible
 * bytes, so callers never branch on the engine.
 */

/** Rows of one statement. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Anything that can run one parameterised statement: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** An open transaction: single statements, plus parameterless multi-statement scripts (migrations). */
export interface Transaction extends Queryable {
  execScript(sql: string): Promise<void>;
}

/** Which engine an adapter talks to; pg-boss needs to know (its `backend` option). */
export type DatabaseKind = 'postgres' | 'pglite';

/** A session-level lock held until released or until the holding connection dies. */
export interface HeldLock {
  /** Resolves when the lock is lost without being released (its connection died). */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** How a transaction starts. */
export interface TransactionOptions {
  /**
   * Takes the transaction-level advisory lock of this name (`pg_advisory_xact_lock`) before
   * `work` runs; it is held until COMMIT or ROLLBACK. The `pg` adapter sends it in the same round
   * trip as BEGIN.
   */
  lock?: string;
}

/** A database with transactions and a lifecycle. */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `work` inside BEGIN … COMMIT on one connection; any throw rolls back and rethrows.
   * Statements issued through `tx` belong to the transaction, statements through the database
   * itself do not.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Tries to take the session-level advisory lock named `name` without waiting; null when another
   * session holds it. Used so that one process ingests a given mailbox at a time.
   */
  tryLock(name: string): Promise<HeldLock | null>;
  /** Closes the pool or the embedded engine; the port is unusable afterwards. */
  close(): Promise<void>;
}
