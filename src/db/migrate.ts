import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './port.ts';

/** Where the numbered `.sql` migrations live (graphile-worker's model: one file per step). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** One migration file: `NNN_name.sql`, applied in ascending NNN. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Reads and orders the migration files; a file not named `NNN_name.sql` is an error. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d+)_([\w-]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file name "${file}" is not NNN_name.sql`);
    migrations.push({ id: Number(match[1]), name: match[2] ?? file, sql: await readFile(path.join(dir, file), 'utf8') });
  }
  const ids = new Set<number>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`two migrations are numbered ${m.id}`);
    ids.add(m.id);
  }
  return migrations;
}

/**
 * Applies every migration not yet applied, all in one transaction. A transaction-level advisory
 * lock taken first makes concurrent `guichet migrate` / `guichet start` processes queue behind
 * each other instead of racing on CREATE TABLE: the second one finds everything applied.
 * @returns the ids applied by this call.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('guichet.migrate', 0))");
    await tx.query(
      `CREATE TABLE IF NOT EXISTS guichet_migrations (
         id integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<{ id: number }>('SELECT id FROM guichet_migrations');
    const applied = new Set(rows.map((r) => Number(r.id)));
    const done: number[] = [];
    for (const m of all) {
      if (applied.has(m.id)) continue;
      await tx.execScript(m.sql);
      await tx.query('INSERT INTO guichet_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      done.push(m.id);
    }
    return done;
  });
}
