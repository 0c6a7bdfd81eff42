/**
 * `npm run bench:ingest [-- --messages N] [--rounds R] [--bare-mode stream|fetchone] [--skip-rss]`
 *
 * Appends N messages (default 2000, or BENCH_MESSAGES; see bench/corpus.ts for the mix) to a
 * private Dovecot, then times, alternately (bare, Guichet, bare, Guichet, ... R rounds, fresh
 * database each time):
 *   (a) the bare loop (bench/bare-loop.ts): imapflow fetch + simpleParser + one INSERT each;
 *   (b) Guichet's real ingest (bench/guichet-run.ts) until every message is stored AND has its
 *       process-message job.
 * and prints both rates and the ratio (target: Guichet >= 0.5x the bare loop). Then it measures
 * peak RSS while ingesting a ~25 MB message, each contender in a fresh child process
 * (bench/rss-25mb.ts). It is a measurement: it exits 0 below target too, printing BELOW TARGET.
 *
 * Fairness: both contenders read THE SAME mailbox of the same server. It is appended once and
 * read once untimed (warm-up: Dovecot's index and cache files, the OS page cache and imapflow's
 * JIT are equally warm for everyone); after each Guichet run the \Seen flags Guichet sets
 * (IMAP_AFTER_INGEST=flag, its default) are removed again, so every timed run starts from the
 * same server state. Two separate mailboxes would have had different files and a cold first read
 * each. The bare loop fetches with BODY.PEEK and changes nothing. A CHECKPOINT before each run
 * keeps the previous run's dirty pages from being flushed during the next one.
 *
 * The bare loop's default (`stream`) is one FETCH 1:* iterated with for-await — the loop imapflow's
 * README shows, so the honest "simple" baseline; `--bare-mode fetchone` (one UID FETCH per message,
 * like Guichet's sync) measured within a few % of it. Guichet's figure includes the brief's 20 ms
 * count(*) poll, which costs PostgreSQL ~1-3 ms per poll (≈5-15 % of one core) while it runs.
 *
 * Diagnostics behind the figures: bench/profile-ingest.ts (per-statement timings, CPU per process,
 * V8 CPU profile), bench/cpuprofile-summary.ts.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { ADMIN_URL } from '../test/support/database.ts';
import { appendMessages, withImap, type DovecotServer } from '../test/support/dovecot.ts';
import { BARE_MODE_LABEL, createScratchTable, runBareLoop, type BareMode } from './bare-loop.ts';
import { benchDatabase, benchDovecot, runScript } from './cleanup.ts';
import { bigMessageSet, buildCorpus } from './corpus.ts';
import { runGuichet } from './guichet-run.ts';
import type { RssReport } from './rss-25mb.ts';

const TARGET_RATIO = 0.5;
const MiB = 1024 * 1024;

// A full GC between runs, so no run pays for the previous one's garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    'bare-mode': { type: 'string', default: 'stream' },
    'skip-rss': { type: 'boolean', default: false },
  },
});
const messageCount = Number(args.messages ?? process.env.BENCH_MESSAGES ?? 2000);
const rounds = Number(args.rounds);
const bareMode = args['bare-mode'] as BareMode;
if (!Number.isInteger(messageCount) || messageCount < 1) throw new Error(`--messages must be a positive integer, got ${args.messages ?? process.env.BENCH_MESSAGES}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${args.rounds}`);
if (bareMode !== 'stream' && bareMode !== 'fetchone') throw new Error(`--bare-mode must be stream or fetchone, got ${bareMode}`);

async function checkpoint(): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/** Settles the machine before a timed run: PostgreSQL's dirty pages flushed, our garbage collected. */
async function settle(): Promise<void> {
  await checkpoint();
  gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

// ---------------------------------------------------------------------------------------------
// Formatting

const mib = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (messages: number, ms: number) => (messages * 1000) / ms;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function runLine(label: string, messages: number, bytes: number, ms: number, extra = ''): string {
  return `${label}: ${messages} msgs in ${secs(ms)} = ${rate(messages, ms).toFixed(0)} msg/s (${((bytes / MiB) * 1000 / ms).toFixed(1)} MiB/s)${extra}`;
}

// ---------------------------------------------------------------------------------------------
// Throughput

const BENCH_USER = 'bench';
const RSS_USER = 'bench-rss';

async function throughput(server: DovecotServer): Promise<void> {
  const { raws, stats } = buildCorpus(messageCount);
  console.log(
    `corpus: ${stats.messages} messages, ${mib(stats.totalBytes)} total; ${stats.withAttachment} with a 50-500 KB attachment; ` +
      `size min ${(stats.minBytes / 1024).toFixed(1)} KB / median ${(stats.medianBytes / 1024).toFixed(1)} KB / max ${(stats.maxBytes / 1024).toFixed(0)} KB`,
  );
  let t = performance.now();
  await appendMessages(server, BENCH_USER, 'INBOX', raws);
  console.log(`appended to ${BENCH_USER}/INBOX on Dovecot :${server.imapPort} in ${secs(performance.now() - t)}`);
  t = performance.now();
  await withImap(server, BENCH_USER, async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    for await (const msg of client.fetch('1:*', { uid: true, source: true, internalDate: true }, { uid: true })) void msg;
  });
  console.log(`warm-up read of the mailbox (untimed) in ${secs(performance.now() - t)}`);
  console.log(`bare loop = ${BARE_MODE_LABEL[bareMode]}`);
  console.log('guichet   = test/support/ingest-harness.ts startIngest (watcher + store, IMAP_AFTER_INGEST=flag); timed from the call until count(messages) = N and count(process-message jobs) = N, polled every 20 ms');
  console.log('');

  const bareRates: number[] = [];
  const guichetRates: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    // (a) the bare loop
    const bareDb = await benchDatabase();
    await createScratchTable(bareDb.url);
    await settle();
    const bare = await runBareLoop(server, BENCH_USER, bareDb.url, { mode: bareMode });
    await bareDb.drop();
    if (bare.messages !== messageCount) throw new Error(`bare loop read ${bare.messages} messages, expected ${messageCount}`);
    bareRates.push(rate(bare.messages, bare.ms));
    console.log(runLine(`round ${round} bare loop`, bare.messages, stats.totalBytes, bare.ms));

    // (b) Guichet
    const guichetDb = await benchDatabase();
    await settle();
    const guichet = await runGuichet({ databaseUrl: guichetDb.url, imapUrl: server.imapUrl(BENCH_USER), expected: messageCount });
    await guichetDb.drop();
    if (guichet.messages !== messageCount) throw new Error(`guichet stored ${guichet.messages} messages, expected ${messageCount}`);
    await withImap(server, BENCH_USER, async (client) => {
      await client.mailboxOpen('INBOX');
      await client.messageFlagsRemove('1:*', ['\\Seen']); // same server state for the next run
    });
    guichetRates.push(rate(guichet.messages, guichet.ms));
    console.log(runLine(`round ${round} guichet  `, guichet.messages, stats.totalBytes, guichet.ms, ` (startup ${guichet.startupMs.toFixed(0)} ms included)`));
  }

  const bareMedian = median(bareRates);
  const guichetMedian = median(guichetRates);
  const ratio = guichetMedian / bareMedian;
  const perRound = guichetRates.map((g, i) => (g / (bareRates[i] as number)).toFixed(2)).join(', ');
  console.log('');
  console.log(`bare loop: median ${bareMedian.toFixed(0)} msg/s, mean ${mean(bareRates).toFixed(0)} msg/s over ${rounds} round(s)`);
  console.log(`guichet:   median ${guichetMedian.toFixed(0)} msg/s, mean ${mean(guichetRates).toFixed(0)} msg/s over ${rounds} round(s)`);
  console.log(`ratio guichet/bare: ${ratio.toFixed(2)} (per round: ${perRound}) (target >= ${TARGET_RATIO})${ratio < TARGET_RATIO ? '  BELOW TARGET' : '  ok'}`);
}

// ---------------------------------------------------------------------------------------------
// Peak RSS with a 25 MB message

function runRssChild(mode: 'guichet' | 'bare', server: DovecotServer, databaseUrl: string, expected: number): Promise<RssReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./rss-25mb.ts', import.meta.url).pathname, mode], {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_IMAP_HOST: server.host, BENCH_IMAP_PORT: String(server.imapPort), BENCH_IMAP_USER: RSS_USER, BENCH_EXPECT: String(expected) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('RSS-RESULT '));
      if (code !== 0 || !line) reject(new Error(`rss-25mb.ts ${mode} exited with ${code ?? signal}: ${out}`));
      else resolve(JSON.parse(line.slice('RSS-RESULT '.length)) as RssReport);
    });
  });
}

async function peakRss(server: DovecotServer): Promise<void> {
  const raws = bigMessageSet();
  await appendMessages(server, RSS_USER, 'INBOX', raws);
  const big = raws[1]?.length ?? 0;
  console.log('');
  console.log(`RSS scenario: ${RSS_USER}/INBOX holds ${raws.length} messages, the middle one ${mib(big)} (a base64 attachment); each contender ingests it in a fresh child process`);

  const reports: RssReport[] = [];
  for (const mode of ['guichet', 'bare'] as const) {
    const db = await benchDatabase();
    if (mode === 'bare') await createScratchTable(db.url);
    await settle();
    const report = await runRssChild(mode, server, db.url, raws.length);
    await db.drop();
    if (mode === 'guichet') {
      await withImap(server, RSS_USER, async (client) => {
        await client.mailboxOpen('INBOX');
        await client.messageFlagsRemove('1:*', ['\\Seen']);
      });
    }
    if (report.messages !== raws.length) throw new Error(`${mode} child ingested ${report.messages} messages, expected ${raws.length}`);
    reports.push(report);
    const peak = Math.max(report.vmHwm, report.sampledPeakRss);
    console.log(
      `${mode.padEnd(7)} child: baseline ${mib(report.baselineRss)}, peak ${mib(peak)} (VmHWM ${mib(report.vmHwm)}, max sampled rss ${mib(report.sampledPeakRss)} over ${report.samples} samples), ` +
        `+${mib(peak - report.baselineRss)} over baseline = ${(((peak - report.baselineRss) / big)).toFixed(1)}x the message; ingest took ${secs(report.ms)}`,
    );
  }
  const [guichet, bare] = reports as [RssReport, RssReport];
  const peakOf = (r: RssReport) => Math.max(r.vmHwm, r.sampledPeakRss);
  console.log(
    `peak RSS ingesting a ${mib(big)} message: guichet ${mib(peakOf(guichet))} (baseline ${mib(guichet.baselineRss)}), bare ${mib(peakOf(bare))} (baseline ${mib(bare.baselineRss)})`,
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`bench:ingest: ${messageCount} messages, ${rounds} round(s), node ${process.version}`);
  const server = await benchDovecot('bench');
  await throughput(server);
  if (!args['skip-rss']) await peakRss(server);
}

await runScript('bench:ingest', main);
