import path from 'node:path';
import { systemClock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import { fileTransport, smtpTransport } from '../outbox/mail-transport.ts';
import type { MailDeps } from '../outbox/queue-mail.ts';
import { workSendMail } from '../outbox/send-mail.ts';
import { registerDeadlineSweep } from '../lifecycle/interim-updates.ts';
import { loadTemplates, TEMPLATES_DIR } from '../templates/load-templates.ts';
import { startControlServer, type CommandRunner, type ControlServer } from '../embedded/control-server.ts';
import { watchMailbox, type MailboxWatcher } from '../ingest/imap/watch-mailbox.ts';
import { ensureMaildir } from '../ingest/maildir/maildir.ts';
import { watchMaildir, type MaildirWatcher } from '../ingest/maildir/watch-maildir.ts';
import { createMessageStore } from '../ingest/store-message.ts';
import { workProcessMessage } from '../jobs/process-message.ts';
import type { Logger } from '../log/logger.ts';
import { openRuntime, type Runtime } from '../runtime/runtime.ts';

/** A started worker. */
export interface Worker {
  readonly runtime: Runtime;
  /** Where to drop mail on the embedded default, when the worker watches a Maildir. */
  readonly maildirNew: string | null;
  /**
   * Ordered shutdown: stop fetching (the message in flight commits), stop serving commands, stop
   * pg-boss (active jobs finish, bounded), close the database, release DATA_DIR.
   */
  stop(): Promise<void>;
}

/**
 * Starts the long-running worker (DESIGN 3): the database and its migrations, pg-boss and the
 * job handlers, the mail sources (IMAP when IMAP_URL is set, the local Maildir otherwise or when
 * MAILDIR_WATCH is set) and, on the embedded database, the control socket through which other
 * `guichet` commands reach it.
 */
export async function startWorker(config: Config, logger: Logger, runCommand: (runtime: Runtime) => CommandRunner): Promise<Worker> {
  const runtime = await openRuntime(config, logger, { supervise: true });
  const sources: (MailboxWatcher | MaildirWatcher)[] = [];
  const closers: (() => void)[] = [];
  let control: ControlServer | null = null;
  try {
    const boss = await runtime.boss();
    // Every template compiled now: a broken one stops the start, naming its file.
    const templates = await loadTemplates(TEMPLATES_DIR, { timeZone: config.timeZone });
    const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(path.join(config.dataDir, 'outbox'));
    closers.push(() => transport.close());
    const mail: MailDeps = { boss, templates, clock: systemClock, settings: config };
    await workProcessMessage(boss, runtime.db, config, mail, logger);
    await workSendMail(boss, runtime.db, transport, config.supportAddress, logger);
    await registerDeadlineSweep(boss, runtime.db, mail, config.procedure, logger);
    const sink = createMessageStore({ db: runtime.db, boss, limits: config.limits, settings: config, logger });
    if (config.imap) sources.push(watchMailbox({ db: runtime.db, sink, config: config.imap, logger }));
    if (config.maildirPath) {
      const dir = config.maildirPath;
      // Created before the banner tells anyone to drop mail there.
      await ensureMaildir(dir);
      sources.push(
        watchMaildir({
          dir,
          sink,
          logger,
          onError: (error, file) => logger.error({ err: error instanceof Error ? error.message : String(error), file }, 'Maildir message not stored; will retry'),
        }),
      );
    }
    if (!config.databaseUrl) control = await startControlServer(config.dataDir, runCommand(runtime), logger);
  } catch (error) {
    await Promise.all(sources.map((s) => s.stop()));
    await runtime.close();
    for (const close of closers) close();
    throw error;
  }
  return {
    runtime,
    maildirNew: config.maildirPath ? `${config.maildirPath}/new` : null,
    async stop() {
      await Promise.all(sources.map((s) => s.stop()));
      await control?.close();
      await runtime.close();
      for (const close of closers) close();
    },
  };
}
