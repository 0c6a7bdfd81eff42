import type { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../../config/config.ts';
import type { Database } from '../../db/port.ts';
import type { Logger } from '../../log/logger.ts';
import { preparerOf, type PreparedMessage } from '../prepared-message.ts';
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
 * sets no \Seen flag — RFC 3501 6.4.5), stored in UID order, and only once the store has
 * committed it is it flagged or moved on the server.
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

    // Collect the UIDs (and sizes) first: issuing commands inside a `for await` over fetch()
    // deadlocks imapflow. `N:*` always matches the highest UID even when it is below N
    // (RFC 3501 6.4.8), hence the filter.
    const pending: Array<{ uid: number; size: number | undefined }> = [];
    for await (const msg of client.fetch(`${cursor.lastUid + 1}:*`, { uid: true, size: true }, { uid: true })) {
      if (msg.uid > cursor.lastUid) pending.push({ uid: msg.uid, size: msg.size });
    }
    pending.sort((a, b) => a.uid - b.uid);

    const prepare = preparerOf(deps.sink);
    const origin = { kind: 'imap', mailboxId: cursor.id, uidValidity: box.uidValidity } as const;
    /** Fetches one message and prepares it for its transaction; null when it was expunged meanwhile. */
    const stage = async (uid: number): Promise<Staged | null> => {
      const msg = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
      if (!msg || !msg.source) return null; // expunged between the two commands
      const receivedAt = msg.internalDate ? new Date(msg.internalDate) : new Date();
      return { uid, prepared: await prepare({ raw: msg.source, receivedAt, origin: { ...origin, uid } }) };
    };

    // One message of look-ahead: message k+1 is fetched and prepared while message k's
    // transaction runs, but transactions run one after the other in UID order, so arrival order
    // and the cursor follow UID order. Big messages get no look-ahead, so that two of them are
    // never in memory at once. On stop, a prepared message is dropped before its transaction.
    const done: number[] = [];
    let ahead: Promise<Staged | null> | null = null;
    try {
      for (const [index, entry] of pending.entries()) {
        if (deps.shouldStop()) break;
        const staged = await (ahead ?? stage(entry.uid));
        ahead = null;
        const following = pending[index + 1];
        if (following && isSmall(entry) && isSmall(following) && !deps.shouldStop()) {
          ahead = stage(following.uid);
          ahead.catch(() => {}); // its failure surfaces when it is awaited
        }
        if (!staged) continue;
        const outcome = await staged.prepared.commit();
        if (outcome.status === 'stored') result.stored++;
        else if (outcome.status === 'duplicate') result.duplicates++;
        else result.quarantined++;
        done.push(staged.uid);
        if (done.length >= AFTER_INGEST_BATCH) await afterIngest(client, config, done.splice(0));
      }
    } finally {
      // No command of this pass is left running on the connection once it returns.
      await ahead?.catch(() => {});
    }
    await afterIngest(client, config, done);
    return result;
  } finally {
    lock.release();
  }
}

/** A fetched message waiting for its transaction. */
interface Staged {
  uid: number;
  prepared: PreparedMessage;
}

/**
 * Above this size (RFC822.SIZE) a message gets no look-ahead: neither it nor the next message is
 * fetched while the other is held.
 */
const LOOK_AHEAD_MAX_BYTES = 8 * 1024 * 1024;

function isSmall(entry: { size: number | undefined }): boolean {
  return entry.size !== undefined && entry.size <= LOOK_AHEAD_MAX_BYTES;
}

/** Flags or moves committed messages. A crash before this only leaves them unflagged: the cursor already passed them. */
async function afterIngest(client: ImapFlow, config: ImapConfig, uids: number[]): Promise<void> {
  if (uids.length === 0 || config.afterIngest === 'none') return;
  const range = uids.join(',');
  if (config.afterIngest === 'flag') await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
  else await client.messageMove(range, config.moveTo, { uid: true });
}
