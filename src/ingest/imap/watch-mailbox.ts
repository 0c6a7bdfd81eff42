import type { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../../config/config.ts';
import type { Database, HeldLock } from '../../db/port.ts';
import type { Logger } from '../../log/logger.ts';
import type { MessageSink } from '../store-outcome.ts';
import { createImapClient, imapAccount } from './imap-client.ts';
import { recordError, recordPoll } from './mailbox-cursor.ts';
import { syncMailbox } from './sync-mailbox.ts';

/** A running mailbox watcher. */
export interface MailboxWatcher {
  /** Stops fetching, lets the message in flight commit, logs out and releases the ingest lock. */
  stop(): Promise<void>;
}

export interface WatchOptions {
  db: Database;
  sink: MessageSink;
  config: ImapConfig;
  logger: Logger;
  /** How often a process without the ingest lock checks whether its holder died. */
  lockRetryMs?: number;
  /** First and largest reconnect delays; the delay doubles in between (with jitter). */
  backoffMs?: { initial: number; max: number };
}

/**
 * Keeps one folder ingested: takes the folder's advisory lock (one ingesting process per
 * mailbox, another takes over when it dies), connects, syncs, then waits in IDLE for the server
 * to announce new mail (RFC 2177), with a periodic poll as the fallback. Any disconnect or error
 * builds a fresh client after a backoff, because imapflow never reconnects.
 */
export function watchMailbox(options: WatchOptions): MailboxWatcher {
  const { db, config, logger } = options;
  const account = imapAccount(config);
  const log = logger.child({ component: 'imap', mailbox: config.mailbox });
  const lockRetryMs = options.lockRetryMs ?? 2000;
  const backoff = options.backoffMs ?? { initial: 500, max: 30_000 };
  let stopping = false;
  let wakeStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wakeStopped = resolve));

  async function run(): Promise<void> {
    let delay = backoff.initial;
    while (!stopping) {
      let lock: HeldLock | null = null;
      try {
        lock = await db.tryLock(`guichet.ingest:${account}/${config.mailbox}`);
        if (!lock) {
          await Promise.race([sleep(lockRetryMs), stopped]);
          continue;
        }
        await session(lock, () => (delay = backoff.initial));
      } catch (error) {
        if (stopping) break;
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ err: message, retryInMs: delay }, 'IMAP session ended; reconnecting');
        await recordError(db, account, config.mailbox, message).catch(() => {});
        await Promise.race([sleep(delay * (0.75 + Math.random() / 2)), stopped]);
        delay = Math.min(delay * 2, backoff.max);
      } finally {
        await lock?.release().catch(() => {});
      }
    }
  }

  /** One connection's life: sync, wait for news, sync again, until it closes or we stop. */
  async function session(lock: HeldLock, connected: () => void): Promise<void> {
    const client = createImapClient(config, logger);
    let wake: () => void = () => {};
    let news = new Promise<void>((resolve) => (wake = resolve));
    const closed = new Promise<never>((_resolve, reject) => client.once('close', () => reject(new Error('IMAP connection closed'))));
    closed.catch(() => {});
    client.on('error', (error: Error) => log.warn({ err: error.message }, 'IMAP client error'));
    client.on('exists', (event: { count: number; prevCount: number }) => {
      if (event.count > event.prevCount) wake();
    });
    let lost = false;
    const lockLost = lock.lost.then(() => {
      lost = true;
      throw new Error('ingest lock lost (database connection died)');
    });
    lockLost.catch(() => {});
    try {
      await Promise.race([client.connect(), closed]);
      connected();
      if (config.afterIngest === 'move') await ensureFolder(client, config.moveTo);
      log.info('IMAP connected; watching for new mail');
      while (!stopping) {
        const result = await Promise.race([
          // Without the lock another process may be ingesting this mailbox: the abandoned pass
          // stores nothing more (the race below has already given up on it).
          syncMailbox(client, { db, sink: options.sink, config, account, logger: log, shouldStop: () => stopping || lost }),
          closed,
          lockLost,
        ]);
        await recordPoll(db, result.cursorId);
        if (result.stored + result.quarantined + result.duplicates > 0) log.info(result, 'mailbox synced');
        if (stopping) break;
        await Promise.race([news, sleep(config.pollIntervalMs), stopped, closed, lockLost]);
        news = new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      await logout(client);
    }
  }

  const running = run().catch((error: unknown) => log.error({ err: error }, 'mailbox watcher crashed'));
  return {
    async stop() {
      stopping = true;
      wakeStopped();
      await running;
    },
  };
}

async function ensureFolder(client: ImapFlow, name: string): Promise<void> {
  const list = await client.list();
  if (!list.some((m) => m.path === name)) await client.mailboxCreate(name);
}

async function logout(client: ImapFlow): Promise<void> {
  if (!client.usable) {
    client.close();
    return;
  }
  try {
    await Promise.race([client.logout(), sleep(2000)]);
  } catch {
    // already gone
  } finally {
    client.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
