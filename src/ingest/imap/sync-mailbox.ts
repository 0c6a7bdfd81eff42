import type { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../../config/config.ts';
import type { Database } from '../../db/port.ts';
import type { Logger } from '../../log/logger.ts';
import type { MessageSink } from '../store-outcome.ts';
import { ensureCursor, resetCursor } from './mailbox-cursor.ts';

/** What one sync pass did. */
export interface SyncResult {
  cursorId: string;
  stored: number;
  duplicates: number;
  quarantined: number;
}

/** How many committed messages are flagged or moved on the server in one command. */
const AFTER_INGEST_BATCH = 50;

/**
 * One pass over the folder: every message after the cursor is fetched (BODY.PEEK, so fetching
 * sets no \Seen flag — RFC 3501 6.4.5), handed to the store in UID order, and only once the
 * store has committed it is it flagged or moved on the server.
 */
export async function syncMailbox(
  client: ImapFlow,
  deps: { db: Database; sink: MessageSink; config: ImapConfig; account: string; logger: Logger; shouldStop: () => boolean },
): Promise<SyncResult> {
  const { config, db } = deps;
  const lock = await client.getMailboxLock(config.mailbox);
  try {
    // With the folder already selected, nothing above talked to the server: NOOP lets it report
    // what arrived since (RFC 3501 6.1.2), which is what makes the periodic poll a real poll.
    await client.noop();
    const box = client.mailbox;
    if (!box) throw new Error(`mailbox ${config.mailbox} is not open`);
    let cursor = await ensureCursor(db, deps.account, config.mailbox);
    if (cursor.uidValidity !== box.uidValidity) {
      if (cursor.uidValidity !== null) deps.logger.warn({ mailbox: config.mailbox, was: String(cursor.uidValidity), now: String(box.uidValidity) }, 'UIDVALIDITY changed: rescanning the folder');
      cursor = await resetCursor(db, cursor.id, box.uidValidity);
    }
    const result: SyncResult = { cursorId: cursor.id, stored: 0, duplicates: 0, quarantined: 0 };
    // `exists` follows the server's EXISTS responses; `uidNext` is only as fresh as the last
    // SELECT, so it cannot tell whether anything arrived since.
    if (box.exists === 0) return result;

    // Collect the UIDs first: issuing commands inside a `for await` over fetch() deadlocks
    // imapflow. `N:*` always matches the highest UID even when it is below N (RFC 3501 6.4.8),
    // hence the filter.
    const pending: number[] = [];
    for await (const msg of client.fetch(`${cursor.lastUid + 1}:*`, { uid: true }, { uid: true })) {
      if (msg.uid > cursor.lastUid) pending.push(msg.uid);
    }
    pending.sort((a, b) => a - b);

    const done: number[] = [];
    for (const uid of pending) {
      if (deps.shouldStop()) break;
      const msg = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
      if (!msg || !msg.source) continue; // expunged between the two commands
      const receivedAt = msg.internalDate ? new Date(msg.internalDate) : new Date();
      const outcome = await deps.sink({ raw: msg.source, receivedAt, origin: { kind: 'imap', mailboxId: cursor.id, uidValidity: box.uidValidity, uid } });
      if (outcome.status === 'stored') result.stored++;
      else if (outcome.status === 'duplicate') result.duplicates++;
      else result.quarantined++;
      done.push(uid);
      if (done.length >= AFTER_INGEST_BATCH) await afterIngest(client, config, done.splice(0));
    }
    await afterIngest(client, config, done);
    return result;
  } finally {
    lock.release();
  }
}

/** Flags or moves committed messages. A crash before this only leaves them unflagged: the cursor already passed them. */
async function afterIngest(client: ImapFlow, config: ImapConfig, uids: number[]): Promise<void> {
  if (uids.length === 0 || config.afterIngest === 'none') return;
  const range = uids.join(',');
  if (config.afterIngest === 'flag') await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
  else await client.messageMove(range, config.moveTo, { uid: true });
}
