import type { Queryable } from '../db/port.ts';
import { sha256Of } from '../db/sha256.ts';
import type { IncomingMessage } from './incoming-message.ts';

/** What the store already knows of a message: its sha256, and the stored message it already is. */
export interface StoredLookUp {
  sha256: string;
  /** The stored message with these bytes or this IMAP (mailbox, UIDVALIDITY, UID); null when new. */
  knownId: string | null;
}

/**
 * For each message, in order: its sha256 and whether it is already stored — by its bytes first,
 * else by its IMAP (mailbox, UIDVALIDITY, UID) — in ONE statement for the lot, so that a known
 * message is never parsed again (a UIDVALIDITY rescan, a re-import) and a new one costs the store
 * no look-up of its own.
 */
export async function lookUpStored(db: Queryable, messages: readonly IncomingMessage[]): Promise<StoredLookUp[]> {
  if (messages.length === 0) return [];
  const shas = messages.map((m) => sha256Of(m.raw));
  const imap = messages.map((m) => (m.origin.kind === 'imap' ? m.origin : null));
  const { rows } = await db.query<{ n: string; by_sha: string | null; by_origin: string | null }>(
    `SELECT i.n,
            (SELECT id FROM messages WHERE sha256 = i.sha256) AS by_sha,
            (SELECT message_id FROM message_origins o WHERE o.mailbox_id = i.mailbox_id AND o.uid_validity = i.uid_validity AND o.uid = i.uid) AS by_origin
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS i(sha256, mailbox_id, uid_validity, uid, n)`,
    [shas, imap.map((o) => o?.mailboxId ?? null), imap.map((o) => o?.uidValidity.toString() ?? null), imap.map((o) => o?.uid ?? null)],
  );
  const known = new Map(rows.map((r) => [Number(r.n), r.by_sha ?? r.by_origin ?? null]));
  return shas.map((sha256, i) => ({ sha256, knownId: known.get(i + 1) ?? null }));
}
