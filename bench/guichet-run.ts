/**
 * Guichet's side of the benchmark: the real watcher and store (test/support/ingest-harness.ts,
 * the same code as `guichet start`) on a fresh database, timed from the call to startIngest until
 * every message is in `messages` AND has its `process-message` job in pg-boss.
 */
import pg from 'pg';
import { startIngest } from '../test/support/ingest-harness.ts';
import { onCleanup } from './cleanup.ts';

export interface GuichetResult {
  messages: number;
  /** From calling startIngest to the poll that saw both counts reach the target. */
  ms: number;
  /** Of which: until startIngest returned (config, pool, migrations check, pg-boss start). */
  startupMs: number;
}

/** Polls both counts in one round trip. */
async function counts(client: pg.Client): Promise<{ messages: number; jobs: number }> {
  const { rows } = await client.query<{ messages: string; jobs: string }>(
    "SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM pgboss.job WHERE name = 'process-message') AS jobs",
  );
  return { messages: Number(rows[0]?.messages ?? 0), jobs: Number(rows[0]?.jobs ?? 0) };
}

/**
 * Ingests the mailbox behind `imapUrl` into `databaseUrl` and waits for `expected` messages and
 * jobs (polling every `pollMs`). Fails when nothing progresses for `stallMs`. Always stops the
 * ingester. `onStarted` runs right after startIngest returns (e.g. to start RSS sampling).
 */
export async function runGuichet(options: {
  databaseUrl: string;
  imapUrl: string;
  expected: number;
  pollMs?: number;
  stallMs?: number;
  env?: Record<string, string>;
  /** Runs after the clock stopped, before the ingester is stopped (diagnostics). */
  beforeStop?: () => Promise<void>;
}): Promise<GuichetResult> {
  const pollMs = options.pollMs ?? 20;
  const stallMs = options.stallMs ?? 60_000;
  const watcher = new pg.Client({ connectionString: options.databaseUrl, application_name: 'bench-poll' });
  watcher.on('error', () => {}); // the database may be dropped under it on Ctrl-C; queries fail anyway
  await watcher.connect();
  const endWatcher = onCleanup(() => watcher.end());
  let stopHarness = async () => {};
  try {
    const started = performance.now();
    const harness = await startIngest({
      DATABASE_URL: options.databaseUrl,
      IMAP_URL: options.imapUrl,
      IMAP_POLL_INTERVAL_MS: '1000',
      ...options.env,
    });
    // Registered for Ctrl-C too, so the ingester stops before its database is dropped.
    stopHarness = onCleanup(() => harness.stop());
    const startupMs = performance.now() - started;
    let last = { messages: -1, jobs: -1 };
    let lastChange = performance.now();
    for (;;) {
      const now = await counts(watcher);
      if (now.messages >= options.expected && now.jobs >= options.expected) {
        const ms = performance.now() - started;
        await options.beforeStop?.();
        return { messages: now.messages, ms, startupMs };
      }
      if (now.messages !== last.messages || now.jobs !== last.jobs) {
        last = now;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > stallMs) {
        throw new Error(`guichet stalled: ${now.messages} messages, ${now.jobs} jobs after ${Math.round(performance.now() - started)} ms (expected ${options.expected}); set TEST_LOG_LEVEL=warn to see its log`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await stopHarness();
    await endWatcher();
  }
}
