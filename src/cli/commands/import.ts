import path from 'node:path';
import { createImportProgress } from '../../ingest/import/progress.ts';
import { importPaths } from '../../ingest/import/import-paths.ts';
import type { ImportSummary } from '../../ingest/import/import-summary.ts';
import { createMessageStore } from '../../ingest/store-message.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { CliIo } from '../io.ts';

/**
 * `guichet import PATH...`: the files go through the same store as live mail, in the order given.
 * History is not live mail: its processing sends nothing unless `notify` (`--notify`).
 * Progress goes to stderr (a bar on a terminal, plain lines otherwise) so stdout stays clean.
 * @returns the summary; the caller exits non-zero when something failed.
 */
export async function runImport(runtime: Runtime, io: CliIo, paths: string[], notify: boolean): Promise<ImportSummary> {
  const sink = createMessageStore({ db: runtime.db, boss: await runtime.boss(), limits: runtime.config.limits, settings: runtime.config, sendMail: notify, logger: runtime.logger });
  const absolute = paths.map((p) => path.resolve(io.cwd, p));
  return importPaths(absolute, sink, createImportProgress(io.stderr));
}
