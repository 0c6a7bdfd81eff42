import type { Queryable } from '../db/port.ts';
import { pgText } from '../db/text.ts';
import { valuesRows } from '../db/values-rows.ts';
import type { CandidateCase } from '../ingest/threading/decide-thread.ts';
import { appendCaseEvents } from './case-events.ts';
import { formatCaseRef } from './case-ref.ts';

/** A case's category: a request, or a complaint with its ground when known (DESIGN 1). */
export type CaseCategory = { kind: 'request' } | { kind: 'complaint'; ground: 'technical-failure' | 'non-compliant-decision' | 'service-not-provided' | null };

type CandidateRow = { id: string; customer_id: string; status: CandidateCase['status']; subject: string | null; first_text: string | null; closed_at: Date | null };
const toCandidate = (r: CandidateRow): CandidateCase => ({ id: r.id, customerId: r.customer_id, status: r.status, subject: r.subject, firstText: r.first_text });
const CANDIDATE_COLUMNS = 'c.id, c.customer_id, c.status, c.subject, c.first_text, c.closed_at, c.arrival_seq';

/** The cases threading may attach a batch of messages to, looked up in one statement. */
export interface CandidateCases {
  /** Cases holding a message with this Message-ID (inbound or sent by us). */
  byMessageId: Map<string, CandidateCase[]>;
  /** The case with this public reference. */
  byRef: Map<string, CandidateCase>;
  /** A customer's cases that are not closed, oldest first (repeat candidates). */
  openByCustomer: Map<string, CandidateCase[]>;
  /** When each closed case among them was closed. */
  closedAt: Map<string, Date>;
}

/**
 * Every candidate case for a batch of messages: the cases of the Message-IDs they reference, of
 * the case references they quote, and their customers' open cases, each list oldest first.
 */
export async function candidateCases(db: Queryable, lookup: { messageIds: string[]; refs: string[]; customerIds: string[] }): Promise<CandidateCases> {
  const found: CandidateCases = { byMessageId: new Map(), byRef: new Map(), openByCustomer: new Map(), closedAt: new Map() };
  const { messageIds, refs, customerIds } = lookup;
  if (messageIds.length + refs.length + customerIds.length === 0) return found;
  const { rows } = await db.query<CandidateRow & { via: 'message' | 'ref' | 'customer'; key: string }>(
    `SELECT 'message' AS via, m.message_id_header AS key, ${CANDIDATE_COLUMNS}
       FROM messages m JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id
      WHERE m.message_id_header = ANY($1)
     UNION ALL
     SELECT 'ref', c.ref, ${CANDIDATE_COLUMNS} FROM cases c WHERE c.ref = ANY($2)
     UNION ALL
     SELECT 'customer', c.customer_id::text, ${CANDIDATE_COLUMNS} FROM cases c WHERE c.customer_id = ANY($3::int8[]) AND c.status <> 'closed'
     ORDER BY arrival_seq`,
    [messageIds, refs, customerIds],
  );
  const add = (map: Map<string, CandidateCase[]>, key: string, r: CandidateRow) => {
    const list = map.get(key) ?? [];
    if (!list.some((c) => c.id === r.id)) list.push(toCandidate(r));
    map.set(key, list);
  };
  for (const r of rows) {
    if (r.status === 'closed') found.closedAt.set(r.id, r.closed_at ?? new Date(0));
    if (r.via === 'message') add(found.byMessageId, r.key, r);
    else if (r.via === 'ref') found.byRef.set(r.key, toCandidate(r));
    else add(found.openByCustomer, r.key, r);
  }
  return found;
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
 * Opens cases, in the order given (their references are numbered in that order): each one's
 * place in the queue is its first message's arrival, for ever. A case is in the queue (status
 * `open`) from the commit of the transaction that creates it. Four statements for any number.
 */
export async function openCases(db: Queryable, prefix: string, cases: readonly NewCase[]): Promise<{ id: string; ref: string }[]> {
  if (cases.length === 0) return [];
  const seq = await db.query<{ n: string }>("SELECT nextval('case_number_seq') AS n FROM generate_series(1, $1::int)", [cases.length]);
  const numbers = seq.rows.map((r) => BigInt(r.n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const refs = cases.map((c, i) => formatCaseRef(prefix, c.receivedAt.getUTCFullYear(), Number(numbers[i])));
  const groundOf = (c: NewCase) => (c.category.kind === 'complaint' ? c.category.ground : null);
  const list = valuesRows(
    cases.map((c, i) => [
      refs[i],
      c.customerId,
      c.category.kind,
      groundOf(c),
      c.categorySource,
      'open',
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
    ]),
  );
  const { rows } = await db.query<{ id: string; ref: string }>(
    `INSERT INTO cases (ref, customer_id, category, ground, category_source, status, arrival_seq, received_at, subject, first_text, language,
        event_date, event_date_source, out_of_time, deadline_at, next_update_at, follows_case_id)
     VALUES ${list.text} RETURNING id, ref`,
    list.values,
  );
  const idByRef = new Map(rows.map((r) => [r.ref, r.id]));
  const opened = refs.map((ref) => {
    const id = idByRef.get(ref as string);
    if (!id) throw new Error(`case insert returned nothing for ${ref}`);
    return { id, ref: ref as string };
  });
  const links = valuesRows(cases.map((c, i) => [c.messageId, opened[i]?.id, 'new', 'new']));
  await db.query(`INSERT INTO case_messages (message_id, case_id, kind, matched_by) VALUES ${links.text}`, links.values);
  await appendCaseEvents(
    db,
    cases.map((c, i) => ({
      caseId: opened[i]?.id as string,
      type: 'case-opened',
      actor: 'system',
      data: {
        messageId: c.messageId,
        ref: opened[i]?.ref,
        category: c.category.kind,
        ground: groundOf(c),
        categorySource: c.categorySource,
        deadlineAt: c.deadlineAt.toISOString(),
        eventDate: c.eventDate?.date.toISOString().slice(0, 10) ?? null,
        outOfTime: c.outOfTime,
        followsCaseId: c.followsCaseId ?? null,
      },
    })),
  );
  return opened;
}

/** A message joining an existing case. */
export interface CaseAddition {
  caseId: string;
  messageId: string;
  kind: 'follow-up' | 'repeat' | 'auto-reply' | 'bounce';
  matchedBy: string;
  score: number | null;
}

/** Adds messages to existing cases and logs each (two statements). Never moves a case in the queue. */
export async function addMessagesToCases(db: Queryable, additions: readonly CaseAddition[]): Promise<void> {
  if (additions.length === 0) return;
  const list = valuesRows(additions.map((a) => [a.messageId, a.caseId, a.kind, a.matchedBy, a.score]));
  await db.query(`INSERT INTO case_messages (message_id, case_id, kind, matched_by, score) VALUES ${list.text}`, list.values);
  await appendCaseEvents(
    db,
    additions.map((a) => ({ caseId: a.caseId, type: 'message-added', actor: 'system', data: { messageId: a.messageId, kind: a.kind, matchedBy: a.matchedBy, score: a.score } })),
  );
}
