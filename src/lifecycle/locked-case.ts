import type { Queryable } from '../db/port.ts';
import { CaseActionError } from './case-action-error.ts';

/** A case row as the lifecycle actions read it, locked for the rest of their transaction. */
export interface LockedCase {
  id: string;
  ref: string;
  status: 'open' | 'assigned' | 'closed';
  category: 'request' | 'complaint';
  ground: 'technical-failure' | 'non-compliant-decision' | 'service-not-provided' | null;
  category_source: 'form' | 'classifier' | 'agent';
  department: string;
  agent: string | null;
  arrival_seq: string;
  received_at: Date;
  /** `YYYY-MM-DD` (read as text: a `date` has no time zone, a JS Date would invent one). */
  event_date: string | null;
  event_date_source: 'form' | 'text' | 'agent' | null;
  out_of_time: boolean;
  deadline_at: Date | null;
  interim_updates: number;
  next_update_at: Date | null;
  outcome: string | null;
  reasons: string | null;
  decided_at: Date | null;
  closed_at: Date | null;
}

const COLUMNS = `id, ref, status, category, ground, category_source, department, agent, arrival_seq, received_at,
  event_date::text AS event_date, event_date_source, out_of_time, deadline_at, interim_updates, next_update_at,
  outcome, reasons, decided_at, closed_at`;

/**
 * Locks the case `ref` (`FOR UPDATE`) inside the caller's transaction: concurrent actions on one
 * case run one after the other, each seeing the other's result. Refuses an unknown reference and,
 * unless `allowClosed`, a closed case.
 */
export async function lockCaseByRef(tx: Queryable, ref: string, options: { allowClosed?: boolean } = {}): Promise<LockedCase> {
  const { rows } = await tx.query<LockedCase>(`SELECT ${COLUMNS} FROM cases WHERE ref = $1 FOR UPDATE`, [ref]);
  const c = rows[0];
  if (!c) throw new CaseActionError('UNKNOWN_CASE', `no case ${ref}`);
  if (c.status === 'closed' && !options.allowClosed) throw new CaseActionError('CASE_CLOSED', `case ${ref} is closed`);
  return c;
}

/** The same by id, without refusing anything; null when there is no such case. */
export async function lockCaseById(tx: Queryable, id: string, options: { skipLocked?: boolean } = {}): Promise<LockedCase | null> {
  const { rows } = await tx.query<LockedCase>(`SELECT ${COLUMNS} FROM cases WHERE id = $1 FOR UPDATE${options.skipLocked ? ' SKIP LOCKED' : ''}`, [id]);
  return rows[0] ?? null;
}
