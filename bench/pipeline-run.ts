/**
 * Guichet's side of bench:pipeline: the ingest followed by processing (threading, customers,
 * cases) and, with `stage: 'mail'`, the acknowledgements composed and handed to SMTP.
 *
 * Two ways to run it, both on a test database and in this process:
 * - `harness`: test/support/ingest-harness.ts `startIngest(env, { process: true, mail })` — the
 *   real IMAP watcher, store and process-message worker — plus the send-mail worker
 *   (`workSendMail` over `smtpTransport`) registered from the `mail` callback. Its pg-boss runs
 *   with `supervise: false`, hence WITHOUT LISTEN/NOTIFY: workers find jobs by polling
 *   (process-message every 0.5 s, send-mail every 1 s when idle).
 * - `worker`: src/worker/worker.ts `startWorker` — exactly what `guichet start` runs (pg-boss with
 *   supervision, cron and LISTEN/NOTIFY, the deadline sweep), with SMTP_URL pointing at the sink.
 *   The worker always sends, so for the `process` stage (no mail) `worker` means the harness with
 *   pg-boss run as `guichet start` runs it (`supervise: true`: LISTEN/NOTIFY on).
 */
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/log/logger.ts';
import { smtpTransport, type MailTransport } from '../src/outbox/mail-transport.ts';
import { workSendMail } from '../src/outbox/send-mail.ts';
import { loadTemplates, TEMPLATES_DIR } from '../src/templates/load-templates.ts';
import { startWorker } from '../src/worker/worker.ts';
import { startIngest } from '../test/support/ingest-harness.ts';
import { onCleanup } from './cleanup.ts';

export type Stage = 'process' | 'mail';
export type Runner = 'harness' | 'worker';

export const RUNNER_LABEL: Record<Runner, string> = {
  harness: 'startIngest(env, { process: true, mail }) + workSendMail(smtpTransport(sink)); pg-boss unsupervised, no LISTEN/NOTIFY (polls 0.5 s / 1 s)',
  worker: "startWorker (what `guichet start` runs): pg-boss supervised with LISTEN/NOTIFY, SMTP_URL = the sink (without mail: the harness with pg-boss supervised as in `guichet start`)",
};

/** A started pipeline; `stop` is also registered for Ctrl-C (cleanup.ts). */
export interface StartedPipeline {
  stop(): Promise<void>;
}

/**
 * Starts Guichet on `env` (DATABASE_URL, IMAP_URL, ...): ingest + processing, and with
 * `smtpUrl` the acknowledgements sent there.
 */
export async function startPipeline(options: { runner: Runner; env: Record<string, string>; smtpUrl: string | null }): Promise<StartedPipeline> {
  const { runner, env, smtpUrl } = options;
  if (runner === 'worker' && !smtpUrl) {
    const harness = await startIngest(env, { process: true, supervise: true });
    return { stop: onCleanup(() => harness.stop()) };
  }
  if (runner === 'worker' && smtpUrl) {
    const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', MAILDIR_WATCH: 'false', ...env, SMTP_URL: smtpUrl });
    const worker = await startWorker(config, createLogger(config.logLevel), () => async () => {
      throw new Error('no control socket with DATABASE_URL');
    });
    return { stop: onCleanup(() => worker.stop()) };
  }
  const transports: MailTransport[] = [];
  const harness = await startIngest(env, {
    process: true,
    ...(smtpUrl
      ? {
          mail: async (runtime) => {
            const boss = await runtime.boss();
            const templates = await loadTemplates(TEMPLATES_DIR, { timeZone: runtime.config.timeZone });
            const transport = smtpTransport(smtpUrl);
            transports.push(transport);
            await workSendMail(boss, runtime.db, transport, runtime.config.supportAddress, runtime.logger);
            return { boss, templates, clock: systemClock, settings: runtime.config };
          },
        }
      : {}),
  });
  return {
    stop: onCleanup(async () => {
      await harness.stop();
      for (const transport of transports) transport.close();
    }),
  };
}

/** The counts the pipeline's progress is judged by. */
export interface PipelineCounts {
  /** Inbound messages stored. */
  stored: number;
  /** Of which processed (`processed_at` set: threaded, case opened or attached, or unmatched). */
  processed: number;
  /** Outbox rows (acknowledgements and other automatic mail). */
  outbox: number;
  /** Of which `sent`. */
  sent: number;
}

/** All four counts in one round trip. */
export async function pipelineCounts(client: pg.Client): Promise<PipelineCounts> {
  const { rows } = await client.query<{ stored: string; processed: string; outbox: string; sent: string }>(
    `SELECT m.stored, m.processed, o.outbox, o.sent
       FROM (SELECT count(*) AS stored, count(processed_at) AS processed FROM messages WHERE direction = 'inbound') m,
            (SELECT count(*) AS outbox, count(*) FILTER (WHERE status = 'sent') AS sent FROM outbox) o`,
  );
  const row = rows[0];
  return { stored: Number(row?.stored ?? 0), processed: Number(row?.processed ?? 0), outbox: Number(row?.outbox ?? 0), sent: Number(row?.sent ?? 0) };
}

export interface PipelineResult {
  counts: PipelineCounts;
  /** From calling start to the poll that saw the stage complete. */
  ms: number;
  /** Of which: until the start returned (config, pool, pg-boss, templates, workers registered). */
  startupMs: number;
  /** From the start to the first poll that saw every message stored. */
  storedMs: number;
  /** From the start to the first poll that saw every message processed. */
  processedMs: number;
}

/**
 * Runs Guichet on the mailbox behind `imapUrl` with a fresh `databaseUrl` until the stage is
 * complete, polling every `pollMs`:
 * - `process`: `expected` inbound messages stored and processed;
 * - `mail`: that, and every outbox row `sent` — and the sink (`sinkCount`) has at least as many
 *   messages. Outbox rows are written in the processing transaction, so once every message is
 *   processed their number is final: it is the number of acknowledgements (and other automatic
 *   notices) the run must hand to SMTP.
 * Fails when no count moves for `stallMs`. Always stops Guichet.
 */
export async function runPipeline(options: {
  runner: Runner;
  stage: Stage;
  databaseUrl: string;
  imapUrl: string;
  expected: number;
  smtpUrl?: string;
  sinkCount?: () => number;
  pollMs?: number;
  stallMs?: number;
  env?: Record<string, string>;
}): Promise<PipelineResult> {
  const pollMs = options.pollMs ?? 50;
  const stallMs = options.stallMs ?? 60_000;
  const smtpUrl = options.stage === 'mail' ? (options.smtpUrl ?? null) : null;
  if (options.stage === 'mail' && !smtpUrl) throw new Error('stage mail needs smtpUrl');
  const watcher = new pg.Client({ connectionString: options.databaseUrl, application_name: 'bench-poll' });
  watcher.on('error', () => {}); // the database may be dropped under it on Ctrl-C; queries fail anyway
  await watcher.connect();
  const endWatcher = onCleanup(() => watcher.end());
  let stop = async () => {};
  try {
    const started = performance.now();
    ({ stop } = await startPipeline({
      runner: options.runner,
      smtpUrl,
      env: { DATABASE_URL: options.databaseUrl, IMAP_URL: options.imapUrl, IMAP_POLL_INTERVAL_MS: '1000', ...options.env },
    }));
    const startupMs = performance.now() - started;
    let last = '';
    let lastChange = performance.now();
    let storedMs: number | null = null;
    let processedMs: number | null = null;
    for (;;) {
      const now = await pipelineCounts(watcher);
      const at = performance.now() - started;
      const sunk = options.sinkCount?.() ?? 0;
      if (now.stored >= options.expected) storedMs ??= at;
      const processed = now.stored >= options.expected && now.processed >= options.expected;
      if (processed) processedMs ??= at;
      const mailed = now.sent >= now.outbox && sunk >= now.outbox;
      if (processed && (options.stage === 'process' || mailed)) return { counts: now, ms: at, startupMs, storedMs: storedMs ?? at, processedMs: processedMs ?? at };
      const key = `${now.stored}/${now.processed}/${now.outbox}/${now.sent}/${sunk}`;
      if (key !== last) {
        last = key;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > stallMs) {
        throw new Error(
          `guichet (${options.runner}, ${options.stage}) stalled after ${Math.round(performance.now() - started)} ms: stored ${now.stored}, processed ${now.processed} of ${options.expected}; ` +
            `outbox ${now.outbox}, sent ${now.sent}, sink ${sunk}; set TEST_LOG_LEVEL=warn to see its log`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await stop();
    await endWatcher();
  }
}
