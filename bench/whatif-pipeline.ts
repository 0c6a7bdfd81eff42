/**
 * What-if diagnostic (not part of bench:ingest): would a look-ahead of one message in the IMAP
 * sync close the gap? `node bench/whatif-pipeline.ts [--messages N] [--rounds R]`
 *
 * Guichet today (src/ingest/imap/sync-mailbox.ts) runs every step of every message back to
 * back: UID FETCH → sha256 → dedup SELECT → parse → transaction (~10 round trips) → next. This
 * prototype drives the UNCHANGED store (createMessageStore from src/ingest/store-message.ts) with
 * a loop that fetches message k+1 and lets its store call hash, look up and parse it while message
 * k's transaction is still running. A per-message Database wrapper holds k+1's transaction until
 * k's has finished, so commits (and with them arrival_seq and the cursor) stay in UID order —
 * the invariant sync-mailbox.ts keeps by being sequential. No ingest lock, no IDLE: a sketch of
 * the loop only, timed against the real Guichet (startIngest), alternately, on the same mailbox.
 *
 * "+skipTextToHtml" variants emulate MailParser's `skipTextToHtml: true` option (which
 * src/ingest/parse/mime-content.ts does not set today) by making MailParser.prototype.textToHtml
 * return '' in this process: Guichet never uses mailparser's textAsHtml, yet pays for it.
 */
import { parseArgs } from 'node:util';
import { MailParser } from 'mailparser';
import type { Database } from '../src/db/port.ts';
import { ensureCursor, resetCursor } from '../src/ingest/imap/mailbox-cursor.ts';
import { createMessageStore } from '../src/ingest/store-message.ts';
import type { StoreOutcome } from '../src/ingest/store-outcome.ts';
import { appendMessages, connectImap, withImap, type DovecotServer } from '../test/support/dovecot.ts';
import { startIngest } from '../test/support/ingest-harness.ts';
import { benchDatabase, benchDovecot, runScript } from './cleanup.ts';
import { buildCorpus } from './corpus.ts';
import { runGuichet } from './guichet-run.ts';

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '2' } } });
const N = Number(args.messages);
const ROUNDS = Number(args.rounds);
const USER = 'whatif';

let skipTextToHtml = false;
const parserProto = MailParser.prototype as unknown as { textToHtml: (str: string) => string };
const originalTextToHtml = parserProto.textToHtml;
parserProto.textToHtml = function (this: unknown, str: string) {
  return skipTextToHtml ? '' : originalTextToHtml.call(this, str);
};

/** `db` whose transaction() first waits for `turn`, and calls `done` when it has finished. */
function ordered(db: Database, turn: Promise<void>, done: () => void): Database {
  return {
    ...db,
    async transaction(work) {
      await turn;
      try {
        return await db.transaction(work);
      } finally {
        done();
      }
    },
  };
}

async function pipelined(server: DovecotServer, databaseUrl: string): Promise<{ messages: number; ms: number }> {
  const started = performance.now();
  const harness = await startIngest({ DATABASE_URL: databaseUrl }); // store only, no watcher
  const client = await connectImap(server, USER);
  let stored = 0;
  try {
    const { runtime } = harness;
    const boss = await runtime.boss();
    const lock = await client.getMailboxLock('INBOX');
    try {
      const box = client.mailbox;
      if (!box) throw new Error('no mailbox');
      let cursor = await ensureCursor(runtime.db, `${USER}@bench`, 'INBOX');
      if (cursor.uidValidity !== box.uidValidity) cursor = await resetCursor(runtime.db, cursor.id, box.uidValidity);
      const pending: number[] = [];
      for await (const msg of client.fetch(`${cursor.lastUid + 1}:*`, { uid: true }, { uid: true })) if (msg.uid > cursor.lastUid) pending.push(msg.uid);
      pending.sort((a, b) => a - b);

      let previousDone: Promise<void> = Promise.resolve();
      let inFlight: { uid: number; outcome: Promise<StoreOutcome> } | null = null;
      const committed: number[] = [];
      const settle = async (entry: { uid: number; outcome: Promise<StoreOutcome> }) => {
        await entry.outcome;
        stored++;
        committed.push(entry.uid);
        if (committed.length >= 50) await client.messageFlagsAdd(committed.splice(0).join(','), ['\\Seen'], { uid: true });
      };
      for (const uid of pending) {
        const msg = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true }); // overlaps k's transaction
        if (!msg || !msg.source) continue;
        let done: () => void = () => {};
        const turn = previousDone;
        previousDone = new Promise<void>((resolve) => (done = resolve));
        const sink = createMessageStore({ db: ordered(runtime.db, turn, done), boss, limits: harness.config.limits, settings: harness.config, logger: runtime.logger });
        const outcome = sink({ raw: msg.source, receivedAt: msg.internalDate ? new Date(msg.internalDate) : new Date(), origin: { kind: 'imap', mailboxId: cursor.id, uidValidity: box.uidValidity, uid } });
        outcome.catch(() => {});
        if (inFlight) await settle(inFlight); // at most two messages in memory: k committing, k+1 being prepared
        inFlight = { uid, outcome };
      }
      if (inFlight) await settle(inFlight);
      if (committed.length > 0) await client.messageFlagsAdd(committed.join(','), ['\\Seen'], { uid: true });
    } finally {
      lock.release();
    }
    return { messages: stored, ms: performance.now() - started };
  } finally {
    await client.logout().catch(() => client.close());
    await harness.stop();
  }
}

async function main(): Promise<void> {
  const server = await benchDovecot('whatif');
  const { raws } = buildCorpus(N);
  await appendMessages(server, USER, 'INBOX', raws);
  const resetFlags = () => withImap(server, USER, async (c) => { await c.mailboxOpen('INBOX'); await c.messageFlagsRemove('1:*', ['\\Seen']); });
  await withImap(server, USER, async (c) => { await c.mailboxOpen('INBOX', { readOnly: true }); for await (const m of c.fetch('1:*', { source: true })) void m; });
  const variants = ['guichet today', 'guichet +skipTextToHtml', 'look-ahead', 'look-ahead +skipTextToHtml'] as const;
  const rates = new Map<string, number[]>(variants.map((v) => [v, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const variant of variants) {
      const db = await benchDatabase();
      skipTextToHtml = variant.endsWith('+skipTextToHtml');
      try {
        const r = variant.startsWith('guichet')
          ? await runGuichet({ databaseUrl: db.url, imapUrl: server.imapUrl(USER), expected: N })
          : await pipelined(server, db.url);
        const check = db.open();
        const { rows } = await check.query<{ m: string; j: string; ordered: boolean }>(
          `SELECT (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM pgboss.job WHERE name = 'process-message') AS j,
                  (SELECT bool_and(ok) FROM (SELECT o.uid > lag(o.uid, 1, 0::bigint) OVER (ORDER BY m.arrival_seq) AS ok
                     FROM messages m JOIN message_origins o ON o.message_id = m.id) t) AS ordered`,
        );
        const rate = (r.messages * 1000) / r.ms;
        rates.get(variant)?.push(rate);
        console.log(`round ${round} ${variant.padEnd(26)}: ${r.messages} msgs in ${(r.ms / 1000).toFixed(2)} s = ${rate.toFixed(0)} msg/s  [stored ${rows[0]?.m}, jobs ${rows[0]?.j}, arrival order = UID order: ${rows[0]?.ordered}]`);
      } finally {
        await db.drop();
        await resetFlags();
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const base = median(rates.get('guichet today') ?? []);
  for (const [variant, xs] of rates) console.log(`median ${variant.padEnd(26)}: ${median(xs).toFixed(0)} msg/s (${((median(xs) / base - 1) * 100).toFixed(0)} % vs today)`);
}

await runScript('whatif-pipeline', main);
