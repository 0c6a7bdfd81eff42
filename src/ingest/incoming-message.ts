/**
 * A message as a source hands it to the store: the raw bytes exactly as received, the time the
 * mailbox received it and where it came from. Every source (IMAP, the local Maildir, imports)
 * produces these, so every source goes through the same store.
 */
export interface IncomingMessage {
  /** The message as it was on the server or on disk, byte for byte (RFC 5322 with CRLF or LF). */
  raw: Buffer;
  /**
   * When the mailbox received it: IMAP INTERNALDATE (RFC 3501 2.3.3), the Maildir file's
   * delivery time, or the mbox `From ` line's date. Never the sender's `Date:` header.
   */
  receivedAt: Date;
  origin: MessageOrigin;
}

/**
 * Where a message came from. IMAP origins carry the (UIDVALIDITY, UID) pair that identifies it in
 * its folder (RFC 3501 2.3.1.1) and the id of that folder's cursor row, which the store advances
 * in the same transaction.
 */
export type MessageOrigin =
  | { kind: 'imap'; mailboxId: string; uidValidity: bigint; uid: number }
  | { kind: 'maildir'; path: string }
  | { kind: 'import'; path: string; index: number };
