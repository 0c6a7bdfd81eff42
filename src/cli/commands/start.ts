import type { Config } from '../../config/config.ts';
import type { CommandRunner } from '../../embedded/control-server.ts';
import type { Logger } from '../../log/logger.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startWorker } from '../../worker/worker.ts';
import { println, type CliIo } from '../io.ts';

/**
 * `guichet start`: runs the worker until SIGINT or SIGTERM, then shuts it down in order within
 * SHUTDOWN_TIMEOUT_MS (past that the process exits anyway, non-zero). A second signal exits at once.
 */
export async function runStart(config: Config, logger: Logger, io: CliIo, runCommand: (runtime: Runtime) => CommandRunner): Promise<number> {
  const worker = await startWorker(config, logger, runCommand);
  println(io.stdout, `guichet: worker running (database: ${config.databaseUrl ? 'PostgreSQL at DATABASE_URL' : `embedded, in ${config.dataDir}`})`);
  if (config.imap) println(io.stdout, `guichet: watching IMAP mailbox ${config.imap.mailbox} on ${config.imap.host}:${config.imap.port}`);
  if (worker.maildirNew) println(io.stdout, `guichet: drop .eml files into ${worker.maildirNew} to have them ingested`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    println(io.stderr, `guichet: shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
    process.exit(1);
  }, config.shutdownTimeoutMs);
  force.unref();
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  await worker.stop();
  clearTimeout(force);
  println(io.stdout, 'guichet: stopped');
  return 0;
}
