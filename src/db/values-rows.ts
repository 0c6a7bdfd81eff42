/**
 * A multi-row `VALUES (...), (...)` list with its parameters, for inserting a batch of rows in
 * one statement (one round trip instead of one per row). Every value stays a bound parameter:
 * nothing is spliced into the SQL text.
 *
 * `rows` must all have the same number of columns; `casts` optionally gives a cast per column
 * (`['int8', null, 'jsonb']`) for columns PostgreSQL cannot type from the target (an INSERT
 * types them from its column list, a `FROM (VALUES ...)` join does not).
 */
export function valuesRows(rows: readonly (readonly unknown[])[], casts: readonly (string | null)[] = []): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value, column) => {
      values.push(value);
      const cast = casts[column];
      return cast ? `$${values.length}::${cast}` : `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  if (tuples.length === 0) throw new Error('valuesRows needs at least one row');
  return { text: tuples.join(', '), values };
}
