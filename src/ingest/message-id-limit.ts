/**
 * The longest Message-ID (in UTF-8 bytes) Guichet keeps as a key: in the indexed
 * `messages.message_id_header` column and among a message's order keys (GIN-indexed). A msg-id
 * has no folding white space (RFC 5322 3.6.4), so it fits on one line of at most 998 octets
 * (2.1.1); a longer one is malformed, and indexed it would exceed PostgreSQL's index row limit
 * (~2.7 KB) and make the message impossible to store. It stays in the raw bytes and the headers;
 * nothing threads by it.
 */
export const MAX_MESSAGE_ID_BYTES = 998;

/** Whether a Message-ID is short enough to be kept as a key (see MAX_MESSAGE_ID_BYTES). */
export function isKeptMessageId(id: string): boolean {
  return Buffer.byteLength(id, 'utf8') <= MAX_MESSAGE_ID_BYTES;
}
