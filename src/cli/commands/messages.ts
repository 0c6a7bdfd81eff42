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
  /** What processing found it to be: customer, contact-form, auto-reply, bounce (null until processed). */
  classification: string | null;
  /** The case it belongs to and as what (new, repeat, follow-up, auto-reply, bounce), or null. */
  caseRef: string | null;
  kind: string | null;
  /** Why it belongs to no case, when it does not. */
  why: string | null;
}

/**
 * Stored messages, most recent arrival first. `unmatched`: the ones no case holds — quarantined
 * (with the quarantine reason), auto-replies and bounces that thread to nothing, or not yet
 * processed — each with why.
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
    classification: string | null;
    unmatched_reason: string | null;
    case_ref: string | null;
    kind: string | null;
  }>(
    `SELECT m.id, m.arrival_seq, m.message_id_header, m.direction, m.source, m.received_at, m.from_address, m.subject, m.size, m.sha256,
            m.processed_at, m.quarantine_code, m.quarantine_detail, m.classification, m.unmatched_reason, c.ref AS case_ref, cm.kind
       FROM messages m
       LEFT JOIN case_messages cm ON cm.message_id = m.id
       LEFT JOIN cases c ON c.id = cm.case_id
      WHERE NOT $1::boolean OR cm.case_id IS NULL
      ORDER BY m.arrival_seq DESC NULLS LAST, m.id DESC
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
      classification: r.classification,
      caseRef: r.case_ref,
      kind: r.kind,
      why: r.case_ref ? null : whyUnmatched(r),
    };
  });
}

/** Prints the list for a person, or as JSON. */
export function printMessages(io: CliIo, messages: MessageSummary[], json: boolean): void {
  if (json) return printJson(io.stdout, messages);
  if (messages.length === 0) return println(io.stdout, 'no messages');
  printTable(
    io.stdout,
    ['ARRIVAL', 'RECEIVED', 'FROM', 'CASE', 'SUBJECT'],
    messages.map((m) => [m.arrivalSeq ?? '-', m.receivedAt.slice(0, 19).replace('T', ' '), m.from ?? '?', m.caseRef ? `${m.caseRef} (${m.kind})` : m.why ?? m.state, oneLine(m.subject ?? '(no subject)', 60)]),
  );
}

function whyUnmatched(r: { quarantine_code: string | null; quarantine_detail: string | null; processed_at: Date | null; unmatched_reason: string | null; classification: string | null }): string {
  if (r.quarantine_code) return `quarantined: ${r.quarantine_code} (${r.quarantine_detail ?? ''})`;
  if (!r.processed_at) return 'awaiting processing';
  return `${r.classification ?? 'unclassified'}: ${r.unmatched_reason ?? 'no case'}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
