import type { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../../config/config.ts';
import type { Database } from '../../db/port.ts';
import type { Logger } from '../../log/logger.ts';
import { stepsOf } from '../prepared-message.ts';
import { storeInGroups } from '../store-in-groups.ts';
import type { IncomingMessage } from '../incoming-message.ts';
import type { MessageSink } from '../store-outcome.ts';
import { ensureCursor, resetCursor } from './mailbox-cursor.ts';

/** What one sync pass did. */
export interface SyncResult {
  cursorId: string;
  stored: number;
  duplicates: number;
  quarantined: number;
}

/** How many messages are fetched in one command, then flagged or moved in one command once committed. */
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

    const steps = stepsOf(deps.sink);
    const origin = { kind: 'imap', mailboxId: cursor.id, uidValidity: box.uidValidity } as const;
    for (const batch of fetchBatches(pending)) {
      if (deps.shouldStop()) break;
      // The whole batch is read before anything else is sent on the connection (no command
      // inside the `for await`, see above); only then is it stored, and flagged once committed.
      const fetched = await fetchSources(client, batch);
      const done: number[] = [];
      let failure: { error: unknown } | null = null;
      try {
        // Prepared ahead, committed in UID order in groups (store-in-groups.ts), so arrival order
        // and the cursor follow UID order. On stop, prepared messages are dropped before their
        // transaction: the next pass fetches them again.
        await storeInGroups(fetched, (msg) => incoming(msg, origin), steps, {
          shouldStop: deps.shouldStop,
          onCommitted: (msg, outcome) => {
            if (outcome.status === 'stored') result.stored++;
            else if (outcome.status === 'duplicate') result.duplicates++;
            else result.quarantined++;
            done.push(msg.uid);
          },
        });
      } catch (error) {
        failure = { error };
      }
      // What committed is flagged or moved even when a later message failed: the cursor has
      // passed it, so no later pass would.
      try {
        await afterIngest(client, config, done);
      } catch (error) {
        if (!failure) throw error;
        deps.logger.warn({ mailbox: config.mailbox, err: error instanceof Error ? error.message : String(error) }, 'stored messages not flagged on the server');
      }
      if (failure) throw failure.error;
    }
    return result;
  } finally {
    lock.release();
  }
}

/** A message's bytes as the server sent them. */
interface Fetched {
  uid: number;
  source: Buffer;
  internalDate: Date | string | undefined;
}

function incoming(msg: Fetched, origin: { kind: 'imap'; mailboxId: string; uidValidity: bigint }): IncomingMessage {
  const receivedAt = msg.internalDate ? new Date(msg.internalDate) : new Date();
  return { raw: msg.source, receivedAt, origin: { ...origin, uid: msg.uid } };
}

/** Largest message (RFC822.SIZE) fetched together with others; a bigger one is fetched and stored alone. */
const BATCH_MESSAGE_MAX_BYTES = 8 * 1024 * 1024;
/** How many bytes of messages one batch holds in memory at most (big messages aside). */
const BATCH_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Splits the pending UIDs, in order, into batches fetched with one command each: up to
 * AFTER_INGEST_BATCH small messages and BATCH_MAX_BYTES, or one big message (or one whose size
 * is unknown) alone, so that two big messages are never in memory at once.
 */
function fetchBatches(pending: Array<{ uid: number; size: number | undefined }>): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const { uid, size } of pending) {
    const big = size === undefined || size > BATCH_MESSAGE_MAX_BYTES;
    if (current.length > 0 && (big || current.length >= AFTER_INGEST_BATCH || bytes + (size ?? 0) > BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size ?? 0;
    if (big) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Reads the sources of `uids` (ascending) with one UID FETCH; expunged ones are simply missing. */
async function fetchSources(client: ImapFlow, uids: number[]): Promise<Fetched[]> {
  const wanted = new Set(uids);
  const fetched = new Map<number, Fetched>();
  // Every UID between the first and the last is pending (they were listed after the cursor, and
  // new mail gets higher UIDs), so the range names exactly the batch. Rows without a source
  // (an unsolicited flag update) are skipped.
  const range = uids.length === 1 ? String(uids[0]) : `${uids[0]}:${uids.at(-1)}`;
  for await (const msg of client.fetch(range, { uid: true, source: true, internalDate: true }, { uid: true })) {
    if (msg.source && wanted.has(msg.uid) && !fetched.has(msg.uid)) fetched.set(msg.uid, { uid: msg.uid, source: msg.source, internalDate: msg.internalDate });
  }
  return [...fetched.values()].sort((a, b) => a.uid - b.uid);
}

/** Flags or moves committed messages. A crash before this only leaves them unflagged: the cursor already passed them. */
async function afterIngest(client: ImapFlow, config: ImapConfig, uids: number[]): Promise<void> {
  if (uids.length === 0 || config.afterIngest === 'none') return;
  const range = uids.join(',');
  if (config.afterIngest === 'flag') await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
  else await client.messageMove(range, config.moveTo, { uid: true });
}
