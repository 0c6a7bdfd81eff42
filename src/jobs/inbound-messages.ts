import type { Queryable } from '../db/port.ts';
import { RETURNED_MESSAGE_MAX_BYTES, RETURNED_MESSAGE_TYPES, type MessageFacts } from '../ingest/classify/message-facts.ts';
import type { Address } from '../ingest/parsed-message.ts';

/** A stored inbound message as processing reads it: its row and the facts classification needs. */
export interface InboundMessage {
  id: string;
  arrivalSeq: string;
  receivedAt: Date;
  processed: boolean;
  /** Whether Guichet may write to its customer (false for imported history). */
  sendMail: boolean;
  messageIdHeader: string | null;
  subject: string | null;
  inReplyTo: string[];
  references: string[];
  facts: MessageFacts;
}

type Row = {
  id: string;
  arrival_seq: string;
  received_at: Date;
  processed_at: Date | null;
  send_mail: boolean;
  message_id_header: string | null;
  subject: string | null;
  addresses: { from?: Address[]; replyTo?: Address[] };
  return_path: string | null;
  headers: Record<string, string[]>;
  content_type: string | null;
  delivery_status: string | null;
  auto_submitted: string | null;
  precedence: string | null;
  text_body: string | null;
  in_reply_to: string[];
  references: string[];
  returned: Buffer | null;
};

/**
 * Locks and reads the messages (oldest arrival first), in one statement. The row lock is what
 * makes processing idempotent: a retried or duplicated job waits, then sees `processed`. With
 * `skipLocked`, messages another transaction holds are left out instead of waited for.
 *
 * A bounce's returned message (the first part of a RETURNED_MESSAGE_TYPES type, the list ingest
 * uses) comes with it, cut as factsFromParsed cuts it at ingest (RETURNED_MESSAGE_MAX_BYTES), so
 * both classify the same facts.
 */
export async function lockInboundMessages(tx: Queryable, ids: readonly string[], options: { skipLocked: boolean }): Promise<InboundMessage[]> {
  const { rows } = await tx.query<Row>(
    `SELECT m.id, m.arrival_seq, m.received_at, m.processed_at, m.send_mail, m.message_id_header, m.subject, m.addresses, m.return_path,
            m.headers, m.content_type, m.delivery_status, m.auto_submitted, m.precedence, m.text_body, m.in_reply_to, m."references",
            r.content AS returned
       FROM messages m
       LEFT JOIN LATERAL (
         SELECT substring(b.content FROM 1 FOR $3::int) AS content FROM message_attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256
          WHERE a.message_id = m.id AND lower(btrim(split_part(a.content_type, ';', 1))) = ANY($2::text[])
          ORDER BY a.position LIMIT 1) r ON true
      WHERE m.id = ANY($1::int8[])
      ORDER BY m.arrival_seq
      FOR UPDATE OF m${options.skipLocked ? ' SKIP LOCKED' : ''}`,
    [ids, [...RETURNED_MESSAGE_TYPES], RETURNED_MESSAGE_MAX_BYTES],
  );
  return rows.map((m) => ({
    id: m.id,
    arrivalSeq: m.arrival_seq,
    receivedAt: m.received_at,
    processed: m.processed_at !== null,
    sendMail: m.send_mail,
    messageIdHeader: m.message_id_header,
    subject: m.subject,
    inReplyTo: m.in_reply_to,
    references: m.references,
    facts: {
      from: m.addresses.from ?? [],
      replyTo: m.addresses.replyTo ?? [],
      returnPath: m.return_path,
      subject: m.subject,
      text: m.text_body,
      headers: m.headers,
      contentType: m.content_type,
      deliveryStatus: m.delivery_status,
      autoSubmitted: m.auto_submitted,
      precedence: m.precedence,
      returnedMessage: m.returned ? Buffer.from(m.returned).toString('utf8') : null,
    },
  }));
}
