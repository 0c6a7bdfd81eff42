/**
 * The one narrow database port the rest of Guichet talks to (the pg-boss model: pure code builds
 * SQL, adapters at the edge execute it). Two adapters implement it: a `pg` Pool for PostgreSQL
 * and PGlite for the embedded default.
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

/** Which engine an adapter talks to; pg-boss needs to know (its `backend` option). */
export type DatabaseKind = 'postgres' | 'pglite';

/** A database with transactions and a lifecycle. */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `work` inside BEGIN … COMMIT on one connection; any throw rolls back and rethrows.
   * Statements issued through `tx` belong to the transaction, statements through the database
   * itself do not.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the pool or the embedded engine; the port is unusable afterwards. */
  close(): Promise<void>;
}
