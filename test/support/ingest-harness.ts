import { loadConfig, type Config } from '../../src/config/config.ts';
import { watchMailbox, type MailboxWatcher } from '../../src/ingest/imap/watch-mailbox.ts';
import { createMessageStore } from '../../src/ingest/store-message.ts';
import type { MessageSink } from '../../src/ingest/store-outcome.ts';
import { workProcessMessage } from '../../src/jobs/process-message.ts';
import type { MailDeps } from '../../src/outbox/queue-mail.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime/runtime.ts';

/** An in-process ingester (the worker's IMAP loop and store) on a test database. */
export interface IngestHarness {
  config: Config;
  runtime: Runtime;
  sink: MessageSink;
  watcher: MailboxWatcher | null;
  stop(): Promise<void>;
}

/**
 * Starts the store and, when IMAP_URL is in `env`, the mailbox watcher — the same code as
 * `guichet start`; with `process`, also the processing worker (threading, cases). pg-boss runs
 * unsupervised (no maintenance, cron or LISTEN/NOTIFY: workers poll) unless `supervise`, which
 * runs it as `guichet start` does.
 */
export async function startIngest(
  env: Record<string, string>,
  options: { process?: boolean; mail?: (runtime: Runtime) => Promise<MailDeps>; supervise?: boolean } = {},
): Promise<IngestHarness> {
  const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', MAILDIR_WATCH: 'false', ...env });
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger, { supervise: options.supervise ?? false });
  const sink = createMessageStore({ db: runtime.db, boss: await runtime.boss(), limits: config.limits, settings: config, logger });
  if (options.process) await workProcessMessage(await runtime.boss(), runtime.db, config, options.mail ? await options.mail(runtime) : null, logger);
  const watcher = config.imap ? watchMailbox({ db: runtime.db, sink, config: config.imap, logger, lockRetryMs: 200, backoffMs: { initial: 100, max: 1000 } }) : null;
  return {
    config,
    runtime,
    sink,
    watcher,
    async stop() {
      await watcher?.stop();
      await runtime.close();
    },
  };
}
