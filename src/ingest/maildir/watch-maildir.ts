import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log/logger.ts';
import type { MessageSink } from '../store-outcome.ts';
import { ensureMaildir, isNotFound, listMaildir, markDelivered } from './maildir.ts';

/**
 * The local Maildir as a live source: every message in new/ goes to the sink, in delivery order,
 * one at a time, and moves to cur/ only once the sink has resolved (the store committed). A crash
 * between the two leaves the file in new/; the next run hands it again and the store answers
 * `duplicate`, so nothing is lost or doubled.
 */

/** What watchMaildir needs. */
export interface WatchMaildirOptions {
  dir: string;
  sink: MessageSink;
  /**
   * Called for each failure, with the file concerned when there is one. The watcher never throws
   * and never stops by itself: it reports and retries on the next pass.
   */
  onError: (error: unknown, file?: string) => void;
  /** Fallback period for a full pass over new/ (fs.watch can miss events, or be unavailable). Default 1000. */
  pollIntervalMs?: number;
  logger?: Logger;
}

/** A running watch; stop() resolves once the message in flight (if any) is stored and moved. */
export interface MaildirWatcher {
  stop(): Promise<void>;
}

/**
 * Starts watching `dir` (creating it as a Maildir if needed): processes what new/ already holds,
 * then whatever arrives, noticed by fs.watch on new/ or by the poll every `pollIntervalMs`.
 *
 * Order beats progress: a pass stops at the first message it cannot store (sink error, unreadable
 * file) and the next pass starts again from that message, because storing later mail first would
 * give it an earlier place in the chronological queue. Sink errors are infrastructure failures
 * (the store quarantines bad mail instead of throwing), so they stall every message anyway.
 */
export function watchMaildir(options: WatchMaildirOptions): MaildirWatcher {
  const { dir, sink, logger } = options;
  // A throwing onError must not kill the loop (it would leave a rejected pass behind).
  const onError = (error: unknown, file?: string): void => {
    try {
      options.onError(error, file);
    } catch (thrown) {
      logger?.error({ err: thrown }, 'Maildir onError callback threw');
    }
  };
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let stopping = false;
  let running: Promise<void> | null = null;
  let again = false;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;

  /** Runs a pass now, or right after the current one: events during a pass are never lost. */
  const trigger = (): void => {
    if (stopping) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        // After a failure, wait for the poll rather than spin on every fs event.
        if (!(await pass())) break;
      } while (again && !stopping);
    })().finally(() => {
      running = null;
    });
  };

  /** One pass over new/; false when it stopped at a failure. */
  const pass = async (): Promise<boolean> => {
    let entries;
    try {
      entries = await listMaildir(dir, { include: 'new' });
    } catch (error) {
      onError(error);
      return false;
    }
    for (const entry of entries) {
      if (stopping) return true;
      let raw: Buffer;
      try {
        raw = await readFile(entry.path);
      } catch (error) {
        if (isNotFound(error)) continue; // another reader took it between listing and reading
        onError(error, entry.path);
        return false;
      }
      try {
        const outcome = await sink({ raw, receivedAt: entry.receivedAt, origin: { kind: 'maildir', path: entry.path } });
        logger?.debug({ file: entry.path, status: outcome.status }, 'maildir message handed to the store');
        await markDelivered(dir, entry.name);
      } catch (error) {
        onError(error, entry.path);
        return false;
      }
    }
    return true;
  };

  const started = (async () => {
    try {
      await ensureMaildir(dir);
    } catch (error) {
      onError(error); // the poll keeps trying: the folder may appear (a mount, a permission fix)
    }
    if (stopping) return;
    try {
      // Watching before the first pass: a file arriving during that pass sets `again`.
      watcher = watch(path.join(dir, 'new'), () => trigger());
      watcher.on('error', (error) => {
        logger?.warn({ err: error }, 'fs.watch on the Maildir failed; relying on polling');
        watcher?.close();
        watcher = null;
      });
    } catch (error) {
      logger?.warn({ err: error }, 'fs.watch unavailable for the Maildir; relying on polling');
    }
    timer = setInterval(trigger, pollIntervalMs);
    trigger();
  })();

  return {
    async stop() {
      stopping = true;
      await started;
      watcher?.close();
      watcher = null;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
