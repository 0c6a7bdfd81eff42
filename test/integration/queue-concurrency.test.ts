import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCase } from '../../src/cases/queue.ts';
import type { Database } from '../../src/db/port.ts';
import { spawnWorker, type WorkerProcess } from '../support/cli.ts';
import { firstMail, repeatMail } from '../support/customer-mail.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { uniqueUser } from '../support/dovecot.ts';
import { sharedDovecot } from '../support/shared-dovecot.ts';
import { waitFor } from '../support/wait.ts';

const dovecot = sharedDovecot();
let testDb: TestDatabase;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await testDb.drop();
});

describe('queue hand-out with 2 worker processes and 4 agents', () => {
  it('gives every case exactly once, in strict arrival order, while mail is still arriving', async () => {
    const user = uniqueUser('queue');
    const env = { DATABASE_URL: testDb.url, IMAP_URL: dovecot.imapUrl(user), IMAP_POLL_INTERVAL_MS: '300' };
    workers = [spawnWorker(env), spawnWorker(env)];
    await Promise.all(workers.map((w) => w.waitForOutput(/worker running/)));

    // 40 customers, one problem each, with repeats from earlier customers interleaved.
    const batches: Buffer[][] = [[], [], [], []];
    for (let c = 0; c < 40; c++) {
      batches[Math.floor(c / 10)]!.push(firstMail(c, c));
      if (c % 4 === 3) batches[Math.floor(c / 10)]!.push(repeatMail(c - 2, c - 2));
    }
    const expectedCases = 40;

    const taken: { agent: string; ref: string; arrivalSeq: number; handout: number }[] = [];
    let appended = false;
    const agent = async (name: string, db: Database) => {
      while (taken.length < expectedCases) {
        const r = await nextCase(db, name);
        if (r.status === 'assigned') taken.push({ agent: name, ref: r.ref, arrivalSeq: Number(r.arrivalSeq), handout: Number(r.handout) });
        else await new Promise((resolve) => setTimeout(resolve, appended ? 20 : 100));
      }
    };
    const agents = ['alice', 'bob', 'carol', 'dave'].map((name) => agent(name, testDb.open()));
    for (const batch of batches) {
      await dovecot.appendMessages(user, 'INBOX', batch);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    appended = true;
    await Promise.race([Promise.all(agents), new Promise((_r, reject) => setTimeout(() => reject(new Error(`only ${taken.length} cases handed out`)), 90_000))]);

    expect(new Set(taken.map((t) => t.ref)).size).toBe(expectedCases);
    expect(taken).toHaveLength(expectedCases);
    const byHandout = [...taken].sort((a, b) => a.handout - b.handout).map((t) => t.arrivalSeq);
    expect(byHandout).toEqual([...byHandout].sort((a, b) => a - b));
    expect(new Set(taken.map((t) => t.agent)).size).toBeGreaterThan(1);

    // Each case's place is its first message's arrival; repeats joined as repeats. The last
    // message (a repeat) arrived after the last case's first message, so the hand-out did not
    // wait for it: wait for its processing before counting.
    const db = testDb.open();
    const inbound = batches.flat().length;
    await waitFor(`all ${inbound} messages processed`, async () => {
      const r = await db.query<{ n: string }>("SELECT count(*) AS n FROM messages WHERE direction = 'inbound' AND processed_at IS NOT NULL");
      return r.rows[0]?.n === String(inbound) || undefined;
    });
    const places = await db.query<{ ok: boolean }>(
      `SELECT bool_and(c.arrival_seq = (SELECT min(m.arrival_seq) FROM case_messages cm JOIN messages m ON m.id = cm.message_id WHERE cm.case_id = c.id)) AS ok FROM cases c`,
    );
    expect(places.rows[0]?.ok).toBe(true);
    const repeats = await db.query<{ n: string }>("SELECT count(*) AS n FROM case_messages WHERE kind = 'repeat'");
    expect(Number(repeats.rows[0]?.n)).toBe(10);

    for (const w of workers) w.child.kill('SIGTERM');
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
  });
});
