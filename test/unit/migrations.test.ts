import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.ts';

describe('loadMigrations', () => {
  it('reads the shipped migrations in number order', async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.id)).toEqual([...migrations.map((m) => m.id)].sort((a, b) => a - b));
    expect(migrations[0]?.name).toBe('ingest');
  });

  it('refuses a badly named file and duplicate numbers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await writeFile(path.join(dir, 'create.sql'), 'SELECT 1');
    await expect(loadMigrations(dir)).rejects.toThrow(/NNN_name.sql/);
    const dup = await mkdtemp(path.join(os.tmpdir(), 'mig-'));
    await writeFile(path.join(dup, '001_a.sql'), 'SELECT 1');
    await writeFile(path.join(dup, '001_b.sql'), 'SELECT 1');
    await expect(loadMigrations(dup)).rejects.toThrow(/two migrations are numbered 1/);
  });
});
