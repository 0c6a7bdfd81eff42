import type { Queryable } from '../../db/port.ts';
import { printJson, printTable, println, type CliIo } from '../io.ts';

/** One message in `guichet messages --json` (README documents it). */
export interface MessageSummary {
  id: string;
  arrivalSeq: string | null;
  messageId: string | null;
  direction: 'inbound' | 'outbound';
  source: string;
  receivedAt: string;
  from: string | null;
  subject: string | null;
  size: number;
  sha256: string;
  state: 'awaiting-processing' | 'processed' | 'quarantined';
  /** Why it belongs to no case, when it does not. */
  why: string | null;
}

/**
 * Stored messages, most recent arrival first. `unmatched`: the ones no case holds — quarantined
 * (with the quarantine reason) or not yet processed.
 */
export async function listMessages(db: Queryable, options: { unmatched: boolean; limit: number }): Promise<MessageSummary[]> {
  const { rows } = await db.query<{
    id: string;
    arrival_seq: string | null;
    message_id_header: string | null;
    direction: 'inbound' | 'outbound';
    source: string;
    received_at: Date;
    from_address: string | null;
    subject: string | null;
    size: number;
    sha256: string;
    processed_at: Date | null;
    quarantine_code: string | null;
    quarantine_detail: string | null;
  }>(
    `SELECT id, arrival_seq, message_id_header, direction, source, received_at, from_address, subject, size, sha256,
            processed_at, quarantine_code, quarantine_detail
       FROM messages
      WHERE NOT $1::boolean OR quarantine_code IS NOT NULL OR processed_at IS NULL
      ORDER BY arrival_seq DESC NULLS LAST, id DESC
      LIMIT $2`,
    [options.unmatched, options.limit],
  );
  return rows.map((r) => {
    const state = r.quarantine_code ? 'quarantined' : r.processed_at ? 'processed' : 'awaiting-processing';
    return {
      id: r.id,
      arrivalSeq: r.arrival_seq,
      messageId: r.message_id_header,
      direction: r.direction,
      source: r.source,
      receivedAt: r.received_at.toISOString(),
      from: r.from_address,
      subject: r.subject,
      size: Number(r.size),
      sha256: r.sha256,
      state,
      why: r.quarantine_code ? `quarantined: ${r.quarantine_code} (${r.quarantine_detail ?? ''})` : r.processed_at ? null : 'awaiting processing',
    };
  });
}

/** Prints the list for a person, or as JSON. */
export function printMessages(io: CliIo, messages: MessageSummary[], json: boolean): void {
  if (json) return printJson(io.stdout, messages);
  if (messages.length === 0) return println(io.stdout, 'no messages');
  printTable(
    io.stdout,
    ['ARRIVAL', 'RECEIVED', 'FROM', 'STATE', 'SUBJECT'],
    messages.map((m) => [m.arrivalSeq ?? '-', m.receivedAt.slice(0, 19).replace('T', ' '), m.from ?? '?', m.why ?? m.state, oneLine(m.subject ?? '(no subject)', 60)]),
  );
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
