import type { Queryable } from '../../db/port.ts';
import { pgText } from '../../db/text.ts';

/** A folder's sync position: the last UID stored under the UIDVALIDITY it belongs to (RFC 3501 2.3.1.1). */
export interface MailboxCursor {
  id: string;
  uidValidity: bigint | null;
  lastUid: number;
}

/** The cursor of (account, folder), created at zero the first time the folder is seen. */
export async function ensureCursor(db: Queryable, account: string, name: string): Promise<MailboxCursor> {
  const { rows } = await db.query<{ id: string; uid_validity: string | null; last_uid: string }>(
    `INSERT INTO mailboxes (account, name) VALUES ($1, $2)
     ON CONFLICT (account, name) DO UPDATE SET account = EXCLUDED.account
     RETURNING id, uid_validity, last_uid`,
    [account, name],
  );
  const row = rows[0];
  if (!row) throw new Error(`could not create the cursor of ${account}/${name}`);
  return { id: row.id, uidValidity: row.uid_validity === null ? null : BigInt(row.uid_validity), lastUid: Number(row.last_uid) };
}

/**
 * The server announced a new UIDVALIDITY: every UID we knew is meaningless now, so the cursor
 * starts over at zero and the folder is rescanned. The rescan stores nothing twice because the
 * store deduplicates by the raw bytes' sha256.
 */
export async function resetCursor(db: Queryable, id: string, uidValidity: bigint): Promise<MailboxCursor> {
  await db.query('UPDATE mailboxes SET uid_validity = $2, last_uid = 0 WHERE id = $1', [id, uidValidity.toString()]);
  return { id, uidValidity, lastUid: 0 };
}

/** Records a finished sync pass (for `guichet status`), clearing the last error. */
export async function recordPoll(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE mailboxes SET last_poll_at = now(), last_error = NULL WHERE id = $1', [id]);
}

/** Records why the last attempt failed (for `guichet status`). */
export async function recordError(db: Queryable, account: string, name: string, message: string): Promise<void> {
  await db.query('UPDATE mailboxes SET last_error = $3, last_error_at = now() WHERE account = $1 AND name = $2', [account, name, pgText(message)]);
}
