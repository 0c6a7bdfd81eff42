/**
 * `npm run bench:pipeline [-- --messages N] [--rounds R] [--latency K] [--interval-ms MIN-MAX]
 *    [--idle-ms MS] [--process-runners harness,worker] [--full-runners harness,worker] [--latency-runners harness,worker]
 *    (an empty runner list skips that phase)
 *    [--skip-throughput] [--skip-store] [--skip-latency] [--print-latencies]`
 *
 * The ingest benchmark (bench/ingest.ts) carried on past the store, on the same private Dovecot
 * set-up and against the same bare loop (bench/bare-loop.ts):
 *
 * 1. Issue 3 — ingest + threading + case creation. N messages (default 2000, or BENCH_MESSAGES)
 *    of bench/corpus.ts's mix with RETURNING customers (about one per 1.5 messages: follow-ups
 *    naming their previous message, repeats, new problems) are appended once to one mailbox.
 *    Then, alternately each round, on a fresh database each time: the bare loop; for context,
 *    bench:ingest's Guichet run (store + job only, bench/guichet-run.ts; --skip-store drops it);
 *    Guichet with processing on (startIngest(env, { process: true }), no mail), timed from the
 *    call until every inbound message is stored AND processed (`processed_at` set: customer
 *    resolved, case opened or attached); and (2). Rates and the ratio to the bare loop of the same
 *    run (target >= 0.5x). Each Guichet line also says when the last message was stored (and,
 *    with mail, processed), so where the time went is visible.
 * 2. Issue 4 — through the acknowledgement handed to SMTP: the same plus mail deps and the
 *    send-mail worker (workSendMail over smtpTransport) sending to a discarding SMTP sink on
 *    loopback (bench/smtp-sink.ts, run in a child process of its own: bench/smtp-sink-process.ts), timed until every message is processed, every outbox row is
 *    `sent` and the sink has received that many messages. The outbox rows are written by the
 *    processing transactions, so once everything is processed their number is the exact number of
 *    acknowledgements (plus repeat / out-of-time notices) owed; the script prints the breakdown and
 *    checks the sink's count against it. Rate and ratio to the bare loop (target >= 0.5x).
 * 3. Arrival → acknowledgement latency: the full pipeline started on an EMPTY mailbox, left to
 *    idle on IMAP (IDLE, the default 30 s poll as fallback) for --idle-ms after its first sync;
 *    then K new-case messages (each from a new customer) are APPENDed one at a time, one every
 *    MIN-MAX ms (seeded jitter), and for each the time from the APPEND's tagged OK to the sink
 *    receiving the mail whose In-Reply-To is that message's Message-ID is recorded. p50 / p99 /
 *    max (nearest rank: with K = 50, p99 is the maximum); target p99 < 2 s.
 *
 * Runners (bench/pipeline-run.ts): `harness` is the brief's startIngest + workSendMail; its
 * pg-boss runs unsupervised, so WITHOUT LISTEN/NOTIFY (jobs found by polling: 0.5 s for
 * process-message, 1 s for send-mail). `worker` is startWorker, exactly `guichet start` (LISTEN/
 * NOTIFY on; for phase 1, which sends no mail, the harness with pg-boss run the same way). Each
 * phase measures both by default and prints the ratio line of each.
 *
 * Fairness and settling as in bench:ingest: one mailbox read untimed first, \Seen flags removed
 * after each Guichet run, CHECKPOINT + GC before each timed run, all contenders in this process
 * (the SMTP sink in its own: receiving mail is not Guichet's work, and the bare loop receives none).
 * The 50 ms progress poll (two counts) costs PostgreSQL a little CPU while Guichet runs, not while
 * the bare loop runs; it can overstate a run by up to 50 ms. It is a measurement: it exits 0 below
 * target too, printing BELOW TARGET.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appendMessages, connectImap, withImap, type DovecotServer } from '../test/support/dovecot.ts';
import { BARE_MODE_LABEL, createScratchTable, runBareLoop } from './bare-loop.ts';
import { benchDatabase, benchDovecot, onCleanup, runScript } from './cleanup.ts';
import { buildCorpus } from './corpus.ts';
import { runGuichet } from './guichet-run.ts';
import { RUNNER_LABEL, runPipeline, startPipeline, type Runner } from './pipeline-run.ts';
import { seededRandom } from '../test/support/seeded-random.ts';
import { mean, median, mib, percentile, rate, runLine, secs, settle, sleep } from './settle.ts';
import type { SmtpSink } from './smtp-sink.ts';
import { startSmtpSinkProcess } from './smtp-sink-process.ts';

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 2000;

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    latency: { type: 'string', default: '50' },
    'interval-ms': { type: 'string', default: '200-300' },
    'idle-ms': { type: 'string', default: '3000' },
    'process-runners': { type: 'string', default: 'harness,worker' },
    'full-runners': { type: 'string', default: 'harness,worker' },
    'latency-runners': { type: 'string', default: 'harness,worker' },
    'skip-throughput': { type: 'boolean', default: false },
    'skip-latency': { type: 'boolean', default: false },
    'skip-store': { type: 'boolean', default: false },
    'print-latencies': { type: 'boolean', default: false },
  },
});
const messageCount = Number(args.messages ?? process.env.BENCH_MESSAGES ?? 2000);
const rounds = Number(args.rounds);
const latencyCount = Number(args.latency);
const [intervalMin, intervalMax] = args['interval-ms'].split('-').map(Number) as [number, number | undefined];
const idleMs = Number(args['idle-ms']);
const runnersOf = (list: string, option: string): Runner[] =>
  list.split(',').filter((r) => r !== '').map((r) => {
    if (r !== 'harness' && r !== 'worker') throw new Error(`--${option}: harness or worker, got ${r}`);
    return r;
  });
const processRunners = runnersOf(args['process-runners'], 'process-runners');
const fullRunners = runnersOf(args['full-runners'], 'full-runners');
const latencyRunners = runnersOf(args['latency-runners'], 'latency-runners');
if (!Number.isInteger(messageCount) || messageCount < 1) throw new Error(`--messages must be a positive integer, got ${args.messages ?? process.env.BENCH_MESSAGES}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${args.rounds}`);
if (!Number.isInteger(latencyCount) || latencyCount < 1) throw new Error(`--latency must be a positive integer, got ${args.latency}`);
if (!(intervalMin >= 0) || !((intervalMax ?? intervalMin) >= intervalMin)) throw new Error(`--interval-ms must be MIN-MAX in ms, got ${args['interval-ms']}`);
if (!(idleMs >= 0)) throw new Error(`--idle-ms must be >= 0, got ${args['idle-ms']}`);

const PIPELINE_USER = 'pipeline';

/** One timed contender of phases 1-2; `what` names the ratio printed for it. */
type Contender = { key: 'bare' | 'store' | 'process' | 'pipeline'; label: string; describe: string; what?: string; runner?: Runner };
const verdict = (ok: boolean) => (ok ? '  ok' : '  BELOW TARGET');

/** What processing made of a run (read before the database is dropped). */
async function describeRun(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {}); // failures surface through the queries
  await client.connect();
  try {
    const { rows } = await client.query<{ customers: string; cases: string; unmatched: string; suppressed: string }>(
      `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM cases) AS cases,
              (SELECT count(*) FROM messages WHERE direction = 'inbound' AND unmatched_reason IS NOT NULL) AS unmatched,
              (SELECT count(*) FROM case_events WHERE type = 'mail-suppressed') AS suppressed`,
    );
    const kinds = await client.query<{ kind: string; n: string }>(
      "SELECT kind, count(*) AS n FROM case_messages WHERE kind <> 'outbound' GROUP BY kind ORDER BY count(*) DESC",
    );
    const mail = await client.query<{ template: string; n: string }>('SELECT template, count(*) AS n FROM outbox GROUP BY template ORDER BY count(*) DESC');
    const r = rows[0];
    const parts = [
      `${r?.cases} cases, ${r?.customers} customers`,
      `messages: ${kinds.rows.map((k) => `${k.n} ${k.kind}`).join(', ')}${Number(r?.unmatched) ? `, ${r?.unmatched} unmatched` : ''}`,
    ];
    if (mail.rows.length > 0 || Number(r?.suppressed) > 0) {
      parts.push(`outbox: ${mail.rows.map((m) => `${m.n} ${m.template}`).join(', ') || 'none'}${Number(r?.suppressed) ? `, ${r?.suppressed} suppressed (rate limit)` : ''}`);
    }
    return parts.join('; ');
  } finally {
    await client.end();
  }
}

/** Same server state for the next run: Guichet flags what it ingested \Seen. */
async function unsee(server: DovecotServer, user: string): Promise<void> {
  await withImap(server, user, async (client) => {
    await client.mailboxOpen('INBOX');
    await client.messageFlagsRemove('1:*', ['\\Seen']);
  });
}

// ---------------------------------------------------------------------------------------------
// Phases 1 and 2: throughput

async function throughput(server: DovecotServer, sink: SmtpSink): Promise<void> {
  const { raws, stats, plan } = buildCorpus(messageCount, undefined, { customers: 'recurring' });
  console.log(
    `corpus: ${stats.messages} messages, ${mib(stats.totalBytes)} total; ${stats.withAttachment} with a 50-500 KB attachment; ` +
      `size min ${(stats.minBytes / 1024).toFixed(1)} KB / median ${(stats.medianBytes / 1024).toFixed(1)} KB / max ${(stats.maxBytes / 1024).toFixed(0)} KB`,
  );
  console.log(
    `customers: ${plan.customers} (${(stats.messages / plan.customers).toFixed(2)} messages each); returning customers' messages: ` +
      `${plan.followUps} follow-ups (In-Reply-To their previous one), ${plan.repeats} repeats (same subject), ${plan.newProblems} new problems`,
  );
  let t = performance.now();
  await appendMessages(server, PIPELINE_USER, 'INBOX', raws);
  console.log(`appended to ${PIPELINE_USER}/INBOX on Dovecot :${server.imapPort} in ${secs(performance.now() - t)}`);
  t = performance.now();
  await withImap(server, PIPELINE_USER, async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    for await (const msg of client.fetch('1:*', { uid: true, source: true, internalDate: true }, { uid: true })) void msg;
  });
  console.log(`warm-up read of the mailbox (untimed) in ${secs(performance.now() - t)}`);
  const contenders: Contender[] = [
    { key: 'bare', label: 'bare loop', describe: BARE_MODE_LABEL.stream },
    ...(args['skip-store']
      ? []
      : [{ key: 'store' as const, label: 'store    ', describe: "bench:ingest's guichet (watcher + store, no processing), for context: until all are stored and have their process-message job", what: 'store only (bench:ingest, context)' }]),
    ...processRunners.map((runner): Contender => ({
      key: 'process',
      runner,
      label: runner === 'harness' ? 'process  ' : `process/${runner}`,
      describe: `${runner === 'harness' ? 'startIngest(env, { process: true }) (watcher + store + process-message worker, no mail; pg-boss unsupervised, polling)' : 'startIngest(env, { process: true, supervise: true }) (the same, pg-boss run as `guichet start` runs it: LISTEN/NOTIFY)'}; until all are stored and processed`,
      what: `issue 3, ingest + threading + case creation${runner === 'harness' ? '' : ` (${runner})`}`,
    })),
    ...fullRunners.map((runner): Contender => ({
      key: 'pipeline',
      runner,
      label: runner === 'harness' ? 'pipeline ' : `pipeline/${runner}`,
      describe: `${RUNNER_LABEL[runner]}; until all are processed, every outbox row is sent and the SMTP sink has received as many messages`,
      what: `issue 4, through acknowledgement handed to SMTP${runner === 'harness' ? '' : ` (${runner})`}`,
    })),
  ];
  for (const c of contenders) console.log(`${c.label.trim().padEnd(15)} = ${c.describe}`);
  console.log(`every Guichet run is timed from its start call, polled every 50 ms; smtp sink = ${sink.url}, accepts and discards`);
  console.log('');

  const rates = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const contender of contenders) {
      const label = `round ${round} ${contender.label}`;
      const db = await benchDatabase();
      try {
        if (contender.key === 'bare') {
          await createScratchTable(db.url);
          await settle();
          const bare = await runBareLoop(server, PIPELINE_USER, db.url, { mode: 'stream' });
          if (bare.messages !== messageCount) throw new Error(`bare loop read ${bare.messages} messages, expected ${messageCount}`);
          rates.get(contender)?.push(rate(bare.messages, bare.ms));
          console.log(runLine(label, bare.messages, stats.totalBytes, bare.ms));
          continue;
        }
        if (contender.key === 'store') {
          await settle();
          let stored;
          try {
            stored = await runGuichet({ databaseUrl: db.url, imapUrl: server.imapUrl(PIPELINE_USER), expected: messageCount });
          } finally {
            await unsee(server, PIPELINE_USER);
          }
          if (stored.messages !== messageCount) throw new Error(`guichet stored ${stored.messages} messages, expected ${messageCount}`);
          rates.get(contender)?.push(rate(stored.messages, stored.ms));
          console.log(runLine(label, stored.messages, stats.totalBytes, stored.ms, ` (startup ${stored.startupMs.toFixed(0)} ms included)`));
          continue;
        }
        const mail = contender.key === 'pipeline';
        sink.reset();
        await settle();
        let result;
        try {
          result = await runPipeline({
            runner: contender.runner ?? 'harness',
            stage: mail ? 'mail' : 'process',
            databaseUrl: db.url,
            imapUrl: server.imapUrl(PIPELINE_USER),
            expected: messageCount,
            smtpUrl: sink.url,
            sinkCount: () => sink.count,
          });
        } finally {
          await unsee(server, PIPELINE_USER);
        }
        const { counts } = result;
        if (counts.processed !== messageCount) throw new Error(`${contender.label.trim()}: ${counts.processed} messages processed, expected ${messageCount}`);
        const check = mail && sink.count !== counts.outbox ? `  MISMATCH: the sink received ${sink.count} messages for ${counts.outbox} outbox rows` : '';
        rates.get(contender)?.push(rate(messageCount, result.ms));
        const milestones = `all stored at ${secs(result.storedMs)}${mail ? `, all processed at ${secs(result.processedMs)}` : ''}`;
        console.log(runLine(label, messageCount, stats.totalBytes, result.ms, ` (startup ${result.startupMs.toFixed(0)} ms included; ${milestones})${check}`));
        console.log(`    ${await describeRun(db.url)}${mail ? `; sink received ${sink.count}` : ''}`);
      } finally {
        await db.drop();
      }
    }
  }

  const bareRates = rates.get(contenders[0] as Contender) ?? [];
  const bareMedian = median(bareRates);
  console.log('');
  for (const contender of contenders) {
    const xs = rates.get(contender) ?? [];
    console.log(`${contender.label.trim().padEnd(15)}: median ${median(xs).toFixed(0)} msg/s, mean ${mean(xs).toFixed(0)} msg/s over ${rounds} round(s)`);
  }
  for (const contender of contenders) {
    if (!contender.what) continue;
    const xs = rates.get(contender) ?? [];
    const ratio = median(xs) / bareMedian;
    const perRound = xs.map((g, i) => (g / (bareRates[i] as number)).toFixed(2)).join(', ');
    console.log(`ratio ${contender.what} / bare: ${ratio.toFixed(2)} (per round: ${perRound}) (target >= ${TARGET_RATIO})${verdict(ratio >= TARGET_RATIO)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Phase 3: arrival → acknowledgement latency

async function latency(server: DovecotServer, sink: SmtpSink, runner: Runner): Promise<void> {
  const user = `latency-${runner}`;
  const { raws, messageIds } = buildCorpus(latencyCount, 20261102, { idPrefix: `${user}-` }); // one new customer each
  await withImap(server, user, (client) => client.mailboxOpen('INBOX').then(() => {})); // exists, and empty
  const db = await benchDatabase();
  try {
    sink.reset();
    await settle();
    const pipeline = await startPipeline({ runner, smtpUrl: sink.url, env: { DATABASE_URL: db.url, IMAP_URL: server.imapUrl(user) } });
    const appender = await connectImap(server, user);
    const closeAppender = onCleanup(() => appender.logout().catch(() => appender.close()));
    try {
      // Idle: the first sync has run (cursor polled), then nothing happens for idleMs.
      const poll = new pg.Client({ connectionString: db.url });
      poll.on('error', () => {}); // failures surface through the queries
      await poll.connect();
      try {
        const deadline = performance.now() + 30_000;
        while ((await poll.query('SELECT 1 FROM mailboxes WHERE last_poll_at IS NOT NULL')).rowCount === 0) {
          if (performance.now() > deadline) throw new Error(`${runner}: no first IMAP sync within 30 s`);
          await sleep(50);
        }
      } finally {
        await poll.end();
      }
      await sleep(idleMs);

      const jitter = seededRandom(4242);
      const latencies: (number | null)[] = new Array<number | null>(latencyCount).fill(null);
      const acknowledged: Promise<void>[] = [];
      const firstAppend = performance.now();
      let next = firstAppend;
      for (const [i, raw] of raws.entries()) {
        await sleep(Math.max(0, next - performance.now()));
        const id = messageIds[i] as string;
        const ack = sink.replyTo(id); // subscribed before the APPEND, so nothing can be missed
        await appender.append('INBOX', raw, []);
        const appended = performance.now();
        acknowledged.push(ack.then((arrival) => void (latencies[i] = arrival.at - appended)));
        next += intervalMin + jitter() * ((intervalMax ?? intervalMin) - intervalMin);
      }
      const appendedAll = performance.now();
      await Promise.race([Promise.all(acknowledged), sleep(30_000)]);
      const done = latencies.filter((l): l is number => l !== null);
      const missing = latencyCount - done.length;
      const p99 = missing > 0 ? Infinity : percentile(done, 0.99);
      if (done.length === 0) throw new Error(`${runner}: none of the ${latencyCount} messages was acknowledged within 30 s of the last APPEND`);
      console.log(
        `latency ${runner.padEnd(7)}: p50 ${percentile(done, 0.5).toFixed(0)} ms, p99 ${missing > 0 ? `> 30 s (${missing} never acknowledged)` : `${p99.toFixed(0)} ms`}, max ${Math.max(...done).toFixed(0)} ms, ` +
          `mean ${mean(done).toFixed(0)} ms, min ${Math.min(...done).toFixed(0)} ms (${done.length} of ${latencyCount} acknowledged; appended over ${secs(appendedAll - firstAppend)}) ` +
          `(target p99 < ${TARGET_P99_MS} ms)${verdict(p99 < TARGET_P99_MS)}`,
      );
      console.log(`    ${await describeRun(db.url)}; sink received ${sink.count}`);
      if (args['print-latencies']) console.log(`    in append order (ms): ${latencies.map((l) => (l === null ? 'none' : l.toFixed(0))).join(' ')}`);
    } finally {
      await closeAppender();
      await pipeline.stop();
    }
  } finally {
    await db.drop();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`bench:pipeline: ${messageCount} messages, ${rounds} round(s), latency over ${latencyCount} messages, node ${process.version}`);
  const server = await benchDovecot('pipeline');
  const sink = await startSmtpSinkProcess();
  onCleanup(() => sink.stop());
  if (!args['skip-throughput']) await throughput(server, sink);
  if (!args['skip-latency']) {
    console.log('');
    console.log(
      `latency: the full pipeline on an empty mailbox, idle ${secs(idleMs)} after its first sync (IMAP IDLE; poll fallback 30 s), then ${latencyCount} new-case messages ` +
        `APPENDed one every ${intervalMin}-${intervalMax ?? intervalMin} ms; each timed from its APPEND's OK to the sink receiving the mail In-Reply-To it`,
    );
    for (const runner of latencyRunners) console.log(`  ${runner.padEnd(7)} = ${RUNNER_LABEL[runner]}`);
    for (const runner of latencyRunners) await latency(server, sink, runner);
  }
}

await runScript('bench:pipeline', main);
