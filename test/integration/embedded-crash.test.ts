import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/db/pglite-database.ts';
import { runGuichet, spawnWorker } from '../support/cli.ts';
import { makeMail } from '../support/mail-factory.ts';
import { waitFor } from '../support/wait.ts';

/** The embedded default under SIGKILL: PGlite on disk and the Maildir must lose and double nothing. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'guichet-embedded-crash-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const sha = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

async function storedCount(env: Record<string, string>): Promise<number> {
  const r = await runGuichet(['status', '--json'], env);
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { messages: { stored: number } }).messages.stored;
}

describe('the embedded default under kill -9', () => {
  it('stores 200 Maildir messages exactly once, in delivery order, across three SIGKILLs mid-ingest', async () => {
    const env = { DATA_DIR: dataDir };
    const mail = path.join(dataDir, 'mail');
    for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(mail, sub), { recursive: true });
    const raws = Array.from({ length: 200 }, (_, i) => makeMail(i, { attachmentBytes: i % 10 === 0 ? 200_000 : 0 }));
    for (const [i, raw] of raws.entries()) {
      const name = `${1_700_000_000 + i}.m${String(i).padStart(3, '0')}.test`;
      await writeFile(path.join(mail, 'tmp', name), raw);
      await rename(path.join(mail, 'tmp', name), path.join(mail, 'new', name));
    }
    const delivered = async () => (await readdir(path.join(mail, 'cur'))).length;
    const storedAtKill: number[] = [];
    for (let round = 0; round < 3; round++) {
      const before = await delivered();
      const worker = spawnWorker(env);
      // Kill once this run has committed (and moved) at least one message: mid-ingest.
      await waitFor('progress', async () => (await delivered()) > before || undefined, 90_000, 5);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 100)));
      worker.child.kill('SIGKILL');
      await worker.exited;
      storedAtKill.push(await storedCount(env));
    }
    expect(storedAtKill.every((n) => n > 0 && n < 200), `stored at each kill: ${storedAtKill.join(', ')}`).toBe(true);
    const worker = spawnWorker(env);
    await worker.waitForOutput(/drop \.eml files into/, 90_000);
    await waitFor('all 200 stored', async () => (await storedCount(env)) === 200 || undefined, 60_000, 300);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);

    const { database } = await openPgliteDatabase(path.join(dataDir, 'pglite'));
    try {
      const { rows } = await database.query<{ sha256: string }>("SELECT sha256 FROM messages WHERE direction = 'inbound' ORDER BY arrival_seq");
      expect(rows.map((r) => r.sha256)).toEqual(raws.map(sha));
      const jobs = await database.query<{ n: string; total: string }>(
        `SELECT count(DISTINCT data->>'messageId') AS n, count(*) AS total FROM pgboss.job WHERE name = 'process-message'`,
      );
      expect(jobs.rows[0]).toEqual({ n: '200', total: '200' });
    } finally {
      await database.close();
    }
  });
});
