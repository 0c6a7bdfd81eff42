import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from '../incoming-message.ts';
import { locateMessage, isNotFound } from '../maildir/maildir.ts';
import { splitMbox } from '../mbox/split-mbox.ts';
import type { MessageSink } from '../store-outcome.ts';
import { emptySummary, type ImportError, type ImportProgress, type ImportSummary } from './import-summary.ts';
import { describeFsError, ImportPathError, planImport, type ImportPlan, type PlannedFile } from './plan-import.ts';

/**
 * The core of `guichet import PATH...`: every message of every path goes through the same sink as
 * live mail, so an import is idempotent (the store answers `duplicate` for bytes it already has).
 *
 * - Paths are imported in the order given, and the messages of a path in file order: mbox order,
 *   Maildir delivery order, natural name order for a directory of `.eml` files.
 * - receivedAt is the mbox separator's date when it has one, else the file's mtime. A `Received:`
 *   header would be closer for a lone `.eml`, but it is written by the sender's side as often as
 *   by ours, and one simple rule is easier to explain to an operator.
 * - A path that cannot be read is reported (naming it) and skipped before anything is stored; the
 *   next path is imported. Within a path, the first message that fails stops that path, because
 *   storing later messages first would give them earlier places in the queue; re-running the
 *   import resumes where it stopped.
 * - An mbox is streamed (its progress measured in bytes), never loaded whole.
 */
export async function importPaths(paths: string[], sink: MessageSink, progress: ImportProgress): Promise<ImportSummary> {
  const summary = emptySummary();
  const fail = (error: ImportError): void => {
    summary.failed++;
    summary.errors.push(error);
    progress.error(error);
  };
  const hand = async (message: IncomingMessage, done: number): Promise<void> => {
    const outcome = await sink(message);
    summary.messages++;
    summary.bytes += message.raw.length;
    summary[outcome.status]++;
    progress.message(outcome.status, done, summary);
  };

  for (const given of paths) {
    let plan: ImportPlan;
    try {
      plan = await planImport(given);
    } catch (error) {
      if (!(error instanceof ImportPathError)) throw error;
      fail({ path: error.path, index: null, message: error.message });
      continue;
    }
    const failure = plan.kind === 'mbox' ? await importMbox(plan, hand, progress) : await importFiles(plan, hand, progress);
    progress.endPath(summary);
    if (failure) fail(failure);
  }
  progress.end(summary);
  return summary;
}

type Hand = (message: IncomingMessage, done: number) => Promise<void>;

/** Streams an mbox into the sink; returns the failure that stopped it, if any. */
async function importMbox(plan: Extract<ImportPlan, { kind: 'mbox' }>, hand: Hand, progress: ImportProgress): Promise<ImportError | null> {
  progress.beginPath(plan.path, 'bytes', plan.size);
  let bytesRead = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(plan.path, { highWaterMark: 1 << 20 })) {
      bytesRead += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  let index: number | null = null;
  try {
    for await (const message of splitMbox(counted())) {
      index = message.index;
      const receivedAt = message.receivedAt ?? plan.mtime;
      await hand({ raw: message.raw, receivedAt, origin: { kind: 'import', path: plan.path, index: message.index } }, bytesRead);
      index = null;
    }
    return null;
  } catch (error) {
    // index is set only while the sink holds a message: otherwise reading the file failed.
    const where = index === null ? `reading failed after ${bytesRead} bytes` : `message ${index} was not stored`;
    return { path: plan.path, index, message: stoppedMessage(plan.path, where, error) };
  }
}

/** Hands one file per message to the sink; returns the failure that stopped it, if any. */
async function importFiles(plan: Extract<ImportPlan, { kind: 'files' }>, hand: Hand, progress: ImportProgress): Promise<ImportError | null> {
  progress.beginPath(plan.path, 'messages', plan.files.length);
  for (const [done, file] of plan.files.entries()) {
    let raw: Buffer;
    try {
      raw = await readPlanned(file);
    } catch (error) {
      return { path: file.path, index: 0, message: stoppedMessage(file.path, 'reading failed', error) };
    }
    try {
      await hand({ raw, receivedAt: file.receivedAt, origin: { kind: 'import', path: file.path, index: 0 } }, done + 1);
    } catch (error) {
      return { path: file.path, index: 0, message: stoppedMessage(file.path, 'the message was not stored', error) };
    }
  }
  return null;
}

/**
 * Reads a planned file. A Maildir message may have been moved from new/ to cur/ by its owner (a
 * mail client, the watcher) since it was listed; it is then read where it went.
 */
async function readPlanned(file: PlannedFile): Promise<Buffer> {
  try {
    return await readFile(file.path);
  } catch (error) {
    if (!isNotFound(error) || !file.maildir) throw error;
    const moved = await locateMessage(file.maildir.dir, file.maildir.name);
    if (moved === null) throw error;
    return await readFile(moved);
  }
}

function stoppedMessage(file: string, where: string, error: unknown): string {
  return `${file}: ${where} (${describeFsError(error)}); the rest of this path was not imported, re-run to resume`;
}
