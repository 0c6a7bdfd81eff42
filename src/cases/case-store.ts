import type { Queryable } from '../db/port.ts';
import { pgText } from '../db/text.ts';
import type { CandidateCase } from '../ingest/threading/decide-thread.ts';
import { appendCaseEvent } from './case-events.ts';
import { formatCaseRef } from './case-ref.ts';

/** A case's category: a request, or a complaint with its ground when known (DESIGN 1). */
export type CaseCategory = { kind: 'request' } | { kind: 'complaint'; ground: 'technical-failure' | 'non-compliant-decision' | 'service-not-provided' | null };

type CandidateRow = { id: string; customer_id: string; status: CandidateCase['status']; subject: string | null; first_text: string | null };
const toCandidate = (r: CandidateRow): CandidateCase => ({ id: r.id, customerId: r.customer_id, status: r.status, subject: r.subject, firstText: r.first_text });
const CANDIDATE_COLUMNS = 'c.id, c.customer_id, c.status, c.subject, c.first_text';

/** Cases holding any of these messages (by Message-ID, inbound or sent by us), in the order of `messageIds`. */
export async function casesByMessageIds(db: Queryable, messageIds: string[]): Promise<CandidateCase[]> {
  if (messageIds.length === 0) return [];
  const { rows } = await db.query<CandidateRow & { message_id_header: string }>(
    `SELECT DISTINCT ${CANDIDATE_COLUMNS}, m.message_id_header
       FROM messages m JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id
      WHERE m.message_id_header = ANY($1)`,
    [messageIds],
  );
  const ordered: CandidateCase[] = [];
  for (const id of messageIds) {
    for (const r of rows) if (r.message_id_header === id && !ordered.some((c) => c.id === r.id)) ordered.push(toCandidate(r));
  }
  return ordered;
}

/** Cases with these public references. */
export async function casesByRefs(db: Queryable, refs: string[]): Promise<CandidateCase[]> {
  if (refs.length === 0) return [];
  const { rows } = await db.query<CandidateRow>(`SELECT ${CANDIDATE_COLUMNS} FROM cases c WHERE c.ref = ANY($1) ORDER BY c.arrival_seq`, [refs]);
  return rows.map(toCandidate);
}

/** The customer's cases that are not closed, oldest first (repeat candidates). */
export async function openCasesOf(db: Queryable, customerId: string): Promise<CandidateCase[]> {
  const { rows } = await db.query<CandidateRow>(`SELECT ${CANDIDATE_COLUMNS} FROM cases c WHERE c.customer_id = $1 AND c.status <> 'closed' ORDER BY c.arrival_seq`, [customerId]);
  return rows.map(toCandidate);
}

/** What a new case is made of: its first message and what processing learnt from it. */
export interface NewCase {
  messageId: string;
  arrivalSeq: string;
  receivedAt: Date;
  customerId: string;
  category: CaseCategory;
  categorySource: 'form' | 'classifier';
  subject: string | null;
  firstText: string | null;
  language: 'fr' | 'en';
  /** The event at the origin of a complaint, when the form or the text gives it. */
  eventDate: { date: Date; source: 'form' | 'text' } | null;
  outOfTime: boolean;
  deadlineAt: Date;
  /** When the first interim update is due (complaints: the deadline), else null. */
  nextUpdateAt: Date | null;
  /** The closed case this one follows (a customer writing again long after its closure). */
  followsCaseId?: string | null;
}

/**
 * Opens a case: its place in the queue is its first message's arrival, for ever. The case is in
 * the queue (status `open`) from the commit of the transaction that creates it.
 */
export async function openCase(db: Queryable, prefix: string, c: NewCase): Promise<{ id: string; ref: string }> {
  const seq = await db.query<{ n: string }>("SELECT nextval('case_number_seq') AS n");
  const ref = formatCaseRef(prefix, c.receivedAt.getUTCFullYear(), Number(seq.rows[0]?.n));
  const ground = c.category.kind === 'complaint' ? c.category.ground : null;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO cases (ref, customer_id, category, ground, category_source, status, arrival_seq, received_at, subject, first_text, language,
        event_date, event_date_source, out_of_time, deadline_at, next_update_at, follows_case_id)
     VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      ref,
      c.customerId,
      c.category.kind,
      ground,
      c.categorySource,
      c.arrivalSeq,
      c.receivedAt,
      pgText(c.subject),
      pgText(c.firstText),
      c.language,
      c.eventDate ? c.eventDate.date.toISOString().slice(0, 10) : null,
      c.eventDate?.source ?? null,
      c.outOfTime,
      c.deadlineAt,
      c.nextUpdateAt,
      c.followsCaseId ?? null,
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('case insert returned nothing');
  await db.query("INSERT INTO case_messages (message_id, case_id, kind, matched_by) VALUES ($1, $2, 'new', 'new')", [c.messageId, id]);
  await appendCaseEvent(db, id, 'case-opened', 'system', {
    messageId: c.messageId,
    ref,
    category: c.category.kind,
    ground,
    categorySource: c.categorySource,
    deadlineAt: c.deadlineAt.toISOString(),
    eventDate: c.eventDate?.date.toISOString().slice(0, 10) ?? null,
    outOfTime: c.outOfTime,
    followsCaseId: c.followsCaseId ?? null,
  });
  return { id, ref };
}

/** Adds a message to an existing case and logs it. Never moves the case in the queue. */
export async function addMessageToCase(
  db: Queryable,
  caseId: string,
  messageId: string,
  how: { kind: 'follow-up' | 'repeat' | 'auto-reply' | 'bounce'; matchedBy: string; score: number | null },
): Promise<void> {
  await db.query('INSERT INTO case_messages (message_id, case_id, kind, matched_by, score) VALUES ($1, $2, $3, $4, $5)', [messageId, caseId, how.kind, how.matchedBy, how.score]);
  await appendCaseEvent(db, caseId, 'message-added', 'system', { messageId, kind: how.kind, matchedBy: how.matchedBy, score: how.score });
}
