import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGuichet, spawnWorker, type WorkerProcess } from '../support/cli.ts';
import { makeGarbage, makeMail } from '../support/mail-factory.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The embedded default, as a user runs it: `guichet start` with no configuration (PGlite under
 * DATA_DIR, the Maildir under DATA_DIR/mail), other `guichet` commands while it runs, a clean stop.
 */
let dataDir: string;
let env: Record<string, string>;
let worker: WorkerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'guichet-embedded-'));
  env = { DATA_DIR: dataDir };
  worker = spawnWorker(env);
  await worker.waitForOutput(/drop \.eml files into/, 90_000);
});
afterAll(async () => {
  if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

const sha = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

/** Delivers like an MTA does (Maildir spec): write into tmp/, then rename into new/. */
async function deliver(raw: Buffer, name: string): Promise<void> {
  const tmp = path.join(dataDir, 'mail', 'tmp', name);
  await writeFile(tmp, raw);
  await rename(tmp, path.join(dataDir, 'mail', 'new', name));
}

async function status(): Promise<{ messages: { stored: number; quarantined: number } }> {
  const result = await runGuichet(['status', '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { messages: { stored: number; quarantined: number } };
}

describe('the embedded default (PGlite + Maildir)', () => {
  it('ingests .eml files dropped into new/ and moves them to cur/', async () => {
    const raws = Array.from({ length: 5 }, (_, i) => makeMail(i));
    for (const [i, raw] of raws.entries()) await deliver(raw, `${1_700_000_000 + i}.guichet${i}.test`);
    await waitFor('5 stored', async () => (await status()).messages.stored === 5 || undefined, 30_000, 200);
    await waitFor('new/ emptied', async () => (await readdir(path.join(dataDir, 'mail', 'new'))).length === 0 || undefined);
    const cur = await readdir(path.join(dataDir, 'mail', 'cur'));
    expect(cur).toHaveLength(5);
    expect(cur.every((name) => name.endsWith(':2,S'))).toBe(true);
  });

  it('imports an mbox through the running worker, idempotently', async () => {
    const raws = Array.from({ length: 10 }, (_, i) => makeMail(100 + i));
    const mbox = raws.map((raw) => `From client@example.fr Mon Nov  2 10:00:00 2026\n${raw.toString('utf8').replace(/\r\n/g, '\n')}\n`).join('');
    const file = path.join(dataDir, 'history.mbox');
    await writeFile(file, mbox);
    const first = await runGuichet(['import', file], env);
    expect(first.code, first.stderr).toBe(0);
    expect((await status()).messages.stored).toBe(15);
    const second = await runGuichet(['import', file], env);
    expect(second.code, second.stderr).toBe(0);
    expect((await status()).messages.stored).toBe(15);
  });

  it('stores a malformed message raw, quarantines it, and lists it as unmatched with why', async () => {
    const garbage = makeGarbage();
    await deliver(garbage, '1700000100.garbage.test');
    await deliver(makeMail(200), '1700000101.after.test');
    await waitFor('2 more stored', async () => (await status()).messages.stored === 17 || undefined, 30_000, 200);
    const result = await runGuichet(['messages', '--unmatched', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const unmatched = JSON.parse(result.stdout) as { sha256: string; state: string; why: string }[];
    const quarantined = unmatched.find((m) => m.sha256 === sha(garbage));
    expect(quarantined?.state).toBe('quarantined');
    expect(quarantined?.why).toMatch(/UNPARSEABLE/);
  });

  it('stops in order on SIGTERM, and the data is there for the next process', async () => {
    const started = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const after = await status(); // opens the embedded database directly now
    expect(after.messages.stored).toBe(17);
    expect(after.messages.quarantined).toBe(1);
  });
});
